package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Second-factor filters of a user search (UserSearch.SecondFactor).
const (
	// SecondFactorTOTP selects the accounts with an authenticator app,
	// whether or not email codes are on too.
	SecondFactorTOTP = "totp"
	// SecondFactorEmailOnly selects the accounts whose only second factor
	// is email codes.
	SecondFactorEmailOnly = "email"
	// SecondFactorNone selects the accounts with no second factor.
	SecondFactorNone = "none"
)

// Sizes of a page of the user list.
const (
	// DefaultUserPage is how many accounts a page holds when the caller
	// does not say.
	DefaultUserPage = 50
	// MaxUserPage is the most accounts one page may hold.
	MaxUserPage = 200
)

// UserSearch selects accounts for the administrators' list: the accounts
// whose address starts with Prefix and sorts after After (both compared
// byte for byte; "" for no bound), that pass every filter set, at most
// Limit of them. The zero value lists every account from the first.
type UserSearch struct {
	// Prefix is the start of the address. Service.SearchUsers trims it and
	// lower-cases A to Z, as addresses are stored.
	Prefix string
	// After is the Next of the previous page ("" for the first).
	After string
	// Role is RoleAdmin or RoleUser, "" for both.
	Role string
	// SecondFactor is SecondFactorTOTP, SecondFactorEmailOnly,
	// SecondFactorNone, or "" for any.
	SecondFactor string
	// DisabledOnly keeps only the accounts an administrator disabled.
	DisabledOnly bool
	// Limit is the page size: for Service.SearchUsers 1 to MaxUserPage,
	// or 0 for DefaultUserPage.
	Limit int
}

// Bounds returns the range of addresses q selects, in byte order: from lo
// (included when loIncluded; "" with loIncluded for no lower bound) up
// to hi, not included ("" for no upper bound).
func (q UserSearch) Bounds() (lo string, loIncluded bool, hi string) {
	lo, loIncluded = q.Prefix, true
	if q.After != "" && q.After >= q.Prefix {
		lo, loIncluded = q.After, false
	}
	hi, _ = PrefixEnd(q.Prefix)
	return lo, loIncluded, hi
}

// PrefixEnd returns the least string above every string that starts with
// prefix, in byte order (which for UTF-8 is code point order), so that
// "starts with prefix" is the range prefix <= s < end, which an index on s
// answers. prefix must be valid UTF-8. ok is false when there is no such
// bound (prefix is empty, or every character of it is U+10FFFF).
func PrefixEnd(prefix string) (end string, ok bool) {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		switch r {
		case utf8.MaxRune: // nothing follows it: bump the one before
			continue
		case 0xD7FF: // the next character skips the surrogates
			r = 0xE000
		default:
			r++
		}
		return prefix + string(r), true
	}
	return "", false
}

// UserPage is one page of the user list.
type UserPage struct {
	Users []User
	// Next is the cursor of the following page (the last address of
	// this one), "" at the end.
	Next string
}

// SearchUsers returns one page of the accounts q selects, by address, for
// an administrator. It reads an index range of the addresses, so it costs
// the same for ten accounts or a million.
func (s *Service) SearchUsers(ctx context.Context, q UserSearch) (*UserPage, error) {
	search, err := q.checked()
	if err != nil {
		return nil, err
	}
	want := search.Limit
	search.Limit++ // one more, to see whether another page follows
	list, err := s.store.SearchUsers(ctx, search)
	if err != nil {
		return nil, fmt.Errorf("search users: %w", err)
	}
	page := &UserPage{Users: list}
	if len(list) > want {
		page.Users = list[:want]
		page.Next = page.Users[want-1].Email
	}
	return page, nil
}

// checked checks q and returns it with the prefix folded and the default
// limit filled in.
func (q UserSearch) checked() (UserSearch, error) {
	out := q
	out.Prefix = foldEmail(q.Prefix)
	for _, f := range []struct{ field, value string }{{"q", out.Prefix}, {"after", out.After}} {
		switch {
		case !utf8.ValidString(f.value) || strings.ContainsRune(f.value, 0):
			return out, badRequest(f.field, "is not valid UTF-8 text")
		case len(f.value) > maxEmailLen:
			return out, badRequest(f.field, "is longer than %d characters, which no address is", maxEmailLen)
		}
	}
	switch out.Role {
	case "", RoleAdmin, RoleUser:
	default:
		return out, badRequest("role", "must be %q or %q (or left out for both)", RoleAdmin, RoleUser)
	}
	switch out.SecondFactor {
	case "", SecondFactorTOTP, SecondFactorEmailOnly, SecondFactorNone:
	default:
		return out, badRequest("factor", "must be %q, %q or %q (or left out for any)",
			SecondFactorTOTP, SecondFactorEmailOnly, SecondFactorNone)
	}
	switch {
	case out.Limit == 0:
		out.Limit = DefaultUserPage
	case out.Limit < 1 || out.Limit > MaxUserPage:
		return out, badRequest("limit", "must be between 1 and %d", MaxUserPage)
	}
	return out, nil
}

// UserDetail is what an administrator sees of one account.
type UserDetail struct {
	User         *User
	RecoveryLeft int
	// LastLogin is the account's latest login among the events kept (zero:
	// none).
	LastLogin time.Time
	// Locks are the limit records that lock the account's code entry now.
	Locks []Throttle
	// Sessions counts the account's unexpired sessions.
	Sessions int
}

// UserDetail returns the account with that id and its state, for an
// administrator.
func (s *Service) UserDetail(ctx context.Context, id string) (*UserDetail, error) {
	u, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &UserDetail{User: u}
	if d.RecoveryLeft, err = s.store.RecoveryCodesLeft(ctx, u.ID); err != nil {
		return nil, fmt.Errorf("count recovery codes: %w", err)
	}
	last, err := s.store.LatestEvent(ctx, u.ID, []string{EventLogin, EventLoginTrusted})
	switch {
	case err == nil:
		d.LastLogin = last.At
	case !errors.Is(err, ErrNotFound):
		return nil, fmt.Errorf("find last login: %w", err)
	}
	if d.Locks, err = s.Locks(ctx, u.ID); err != nil {
		return nil, err
	}
	sessions, err := s.store.UserSessions(ctx, u.ID, s.clock())
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	d.Sessions = len(sessions)
	return d, nil
}

// UserEvents is Events for an administrator: one page of the audit trail
// of the account userID.
func (s *Service) UserEvents(ctx context.Context, userID, before string, limit int) (*EventPage, error) {
	return s.events(ctx, userID, before, limit)
}
