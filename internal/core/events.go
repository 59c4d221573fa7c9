package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Audit event types.
const (
	EventSignUp             = "signup"
	EventLogin              = "login"
	EventLoginTrusted       = "login-trusted-device"
	EventLoginFailed        = "login-failed"
	EventLogout             = "logout"
	EventSecondFactorFailed = "2fa-failed"
	EventAccountLocked      = "2fa-locked"
	EventTOTPEnabled        = "totp-enabled"
	EventTOTPDisabled       = "totp-disabled"
	EventEmail2FAEnabled    = "email-2fa-enabled"
	EventEmail2FADisabled   = "email-2fa-disabled"
	EventRecoveryRegen      = "recovery-codes-regenerated"
	EventRecoveryUsed       = "recovery-code-used"
	EventDeviceTrusted      = "device-trusted"
	EventDeviceRevoked      = "device-revoked"
	EventPasswordChanged    = "password-changed"
	EventEmailChanged       = "email-changed"
	EventEmailChangeUndone  = "email-change-undone"
	EventSessionEnded       = "session-ended"
	EventAppAuthorized      = "app-authorized"
	EventAppRevoked         = "app-access-revoked"
	EventAppCodeReused      = "app-code-reused"
	EventAppTokenReused     = "app-refresh-token-reused"
	EventOIDCKeysRotated    = "oidc-keys-rotated"
	// Server-wide events of client registration (no user): the detail
	// names the client.
	EventOIDCClientAdded         = "oidc-client-added"
	EventOIDCClientRemoved       = "oidc-client-removed"
	EventOIDCClientSecretRotated = "oidc-client-secret-rotated"
)

// Sizes of a page of the audit trail.
const (
	// DefaultEventPage is how many entries a page holds when the caller
	// does not say.
	DefaultEventPage = 50
	// MaxEventPage is the most entries one page may hold.
	MaxEventPage = 200
)

// repeatable groups the event types that others can repeat at will (a
// stranger's wrong passwords, a password holder's wrong codes, a session's
// revocations): consecutive events of one group are shown as one entry, so
// a burst cannot push the rest of the trail out of view. Types in one group
// collapse together, so alternating them does not escape it.
var repeatable = map[string][]string{
	EventLoginFailed:        failureTypes,
	EventSecondFactorFailed: failureTypes,
	EventAccountLocked:      failureTypes,
	EventDeviceRevoked:      {EventDeviceRevoked},
	EventSessionEnded:       {EventSessionEnded},
	EventLogout:             {EventLogout},
}

var failureTypes = []string{EventLoginFailed, EventSecondFactorFailed, EventAccountLocked}

// EventEntry is one line of the audit trail as its owner sees it: one
// event, or a run of repeated ones collapsed into one.
type EventEntry struct {
	// Event is the entry's newest event.
	Event
	// Count is how many events the entry stands for (1 for one event).
	Count int
	// Counts is how many of each type, when Count is above 1.
	Counts map[string]int
	// Addresses counts the distinct client addresses of the entry.
	Addresses int
	// First is the time of the entry's oldest event (At for one event).
	First time.Time
}

// EventPage is one page of the audit trail, newest first.
type EventPage struct {
	Entries []EventEntry
	// Next is the cursor of the following (older) page, "" at the end.
	Next string
}

// Events returns one page of the signed-in user's audit trail, newest
// first, starting after the cursor before ("" for the newest) and holding
// at most limit entries (DefaultEventPage when 0). Runs of repeated events
// count as one entry each.
func (s *Service) Events(ctx context.Context, p *Principal, before string, limit int) (*EventPage, error) {
	return s.events(ctx, p.User.ID, before, limit)
}

// events is Events for the account uid.
func (s *Service) events(ctx context.Context, uid, before string, limit int) (*EventPage, error) {
	switch {
	case limit == 0:
		limit = DefaultEventPage
	case limit < 0 || limit > MaxEventPage:
		return nil, badRequest("limit", "must be between 1 and %d", MaxEventPage)
	}
	cur, err := parseEventCursor(before)
	if err != nil {
		return nil, err
	}
	page := &EventPage{}
fill:
	for len(page.Entries) < limit {
		// One more than needed, to see whether the last one starts a run.
		want := limit - len(page.Entries) + 1
		batch, err := s.store.Events(ctx, uid, cur, want)
		if err != nil {
			return nil, fmt.Errorf("list events: %w", err)
		}
		if len(batch) == 0 {
			return page, nil
		}
		for i, e := range batch {
			if len(page.Entries) == limit {
				break fill
			}
			group, ok := repeatable[e.Type]
			nextUnknown := i+1 == len(batch) && len(batch) == want
			if ok && (nextUnknown || i+1 < len(batch) && inGroup(group, batch[i+1].Type)) {
				run, err := s.store.EventRun(ctx, uid, group, e.Cursor())
				if err != nil {
					return nil, fmt.Errorf("sum up events: %w", err)
				}
				page.Entries = append(page.Entries, runEntry(run))
				cur = run.First.Cursor()
				continue fill
			}
			page.Entries = append(page.Entries, EventEntry{Event: e, Count: 1, Addresses: 1, First: e.At})
			cur = e.Cursor()
		}
		if len(batch) < want {
			return page, nil
		}
	}
	more, err := s.store.Events(ctx, uid, cur, 1)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	if len(more) > 0 {
		page.Next = formatEventCursor(cur)
	}
	return page, nil
}

// runEntry is the entry of a run of events.
func runEntry(run *EventRun) EventEntry {
	e := EventEntry{Event: run.Last, Addresses: run.Addresses, First: run.First.At}
	for _, n := range run.Counts {
		e.Count += n
	}
	if e.Count > 1 {
		e.Counts = run.Counts
	}
	return e
}

func inGroup(group []string, typ string) bool {
	for _, t := range group {
		if t == typ {
			return true
		}
	}
	return false
}

// formatEventCursor writes c as the opaque string clients pass back.
func formatEventCursor(c EventCursor) string {
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "-" + strconv.FormatInt(c.ID, 10)
}

// parseEventCursor reads what formatEventCursor wrote; "" is the zero
// cursor.
func parseEventCursor(v string) (EventCursor, error) {
	if v == "" {
		return EventCursor{}, nil
	}
	bad := badRequest("before", "is not a cursor this server handed out; pass the next value of the previous page")
	at, id, ok := strings.Cut(v, "-")
	if !ok {
		return EventCursor{}, bad
	}
	micros, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || micros <= 0 || n <= 0 {
		return EventCursor{}, bad
	}
	return EventCursor{At: time.UnixMicro(micros).UTC(), ID: n}, nil
}

// Events of security keys and passkeys: the detail names the key.
const (
	EventWebAuthnAdded   = "webauthn-added"
	EventWebAuthnRenamed = "webauthn-renamed"
	EventWebAuthnRemoved = "webauthn-removed"
	EventWebAuthnUsed    = "webauthn-used"
	// EventWebAuthnClone records a signature refused because the key's
	// counter did not grow: the key may have been copied.
	EventWebAuthnClone = "webauthn-possible-clone"
	// EventPasswordRemoved records that the account dropped its password
	// and signs in with passkeys only.
	EventPasswordRemoved = "password-removed"
)
