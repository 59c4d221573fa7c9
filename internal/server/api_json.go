package server

import (
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// userJSON is the user as the API shows it.
type userJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	// Language is the account's language code, "" to follow Accept-Language.
	Language  string        `json:"language"`
	TwoFactor twoFactorJSON `json:"twoFactor"`
	// TOTPClockDrift is how far the authenticator app's clock was found to
	// be off; null when it was not.
	TOTPClockDrift *clockDriftJSON `json:"totpClockDrift"`
	// Enrollment tells whether the enforcement setting requires the
	// account to set up an authenticator app, and by when.
	Enrollment enrollmentJSON `json:"enrollment"`
}

// clockDriftJSON is a clock drift: seconds positive when the app's clock
// is ahead, negative when behind, and since when it was found.
type clockDriftJSON struct {
	Seconds int       `json:"seconds"`
	Since   time.Time `json:"since"`
}

// enrollmentJSON is what the enforcement setting asks of the account:
// required, the deadline and the grace left in seconds (0 once the
// session is restricted to setting up an app).
type enrollmentJSON struct {
	Required         bool       `json:"required"`
	Deadline         *time.Time `json:"deadline,omitempty"`
	GraceLeftSeconds *int64     `json:"graceLeftSeconds,omitempty"`
	Restricted       bool       `json:"restricted"`
}

type twoFactorJSON struct {
	TOTP          enabledJSON   `json:"totp"`
	Email         enabledJSON   `json:"email"`
	RecoveryCodes remainingJSON `json:"recoveryCodes"`
}

type enabledJSON struct {
	Enabled bool `json:"enabled"`
	// Allowed tells whether the settings let accounts turn the method on.
	Allowed bool `json:"allowed"`
}

type remainingJSON struct {
	Remaining int `json:"remaining"`
}

func toUserJSON(a *core.AccountState) userJSON {
	u := userJSON{
		ID:        a.User.ID,
		Email:     a.User.Email,
		Name:      a.User.Name,
		CreatedAt: a.User.CreatedAt,
		Language:  a.User.Language,
		TwoFactor: twoFactorJSON{
			TOTP:          enabledJSON{a.TOTP, a.TOTPAllowed},
			Email:         enabledJSON{a.Email2FA, a.EmailAllowed},
			RecoveryCodes: remainingJSON{a.RecoveryLeft},
		},
	}
	if d := a.ClockDrift; d != nil {
		u.TOTPClockDrift = &clockDriftJSON{Seconds: d.Seconds, Since: d.Since}
	}
	if e := a.Enrollment; e.Required {
		deadline, left := e.Deadline, int64(e.GraceLeft/time.Second)
		u.Enrollment = enrollmentJSON{Required: true, Deadline: &deadline, GraceLeftSeconds: &left, Restricted: e.Restricted}
	}
	return u
}

type sessionJSON struct {
	Token       string    `json:"token"`
	ExpiresAt   time.Time `json:"expiresAt"`
	User        userJSON  `json:"user"`
	DeviceToken string    `json:"deviceToken,omitempty"`
	KnownDevice string    `json:"knownDevice,omitempty"`
}

// eventJSON is one entry of the audit trail: one event, or (count above
// 1) a run of repeated ones, described by its newest event.
type eventJSON struct {
	Type      string         `json:"type"`
	At        time.Time      `json:"at"`
	IP        string         `json:"ip,omitempty"`
	UserAgent string         `json:"userAgent,omitempty"`
	Detail    string         `json:"detail,omitempty"`
	Count     int            `json:"count"`
	Summary   string         `json:"summary"`
	First     *time.Time     `json:"first,omitempty"`
	Addresses int            `json:"addresses,omitempty"`
	Counts    map[string]int `json:"counts,omitempty"`
}

// toEventsJSON lists audit entries as the API shows them ([] for none).
func toEventsJSON(entries []core.EventEntry) []eventJSON {
	out := make([]eventJSON, 0, len(entries))
	for _, e := range entries {
		j := eventJSON{Type: e.Type, At: e.At, IP: e.IP, UserAgent: e.UserAgent, Detail: e.Detail,
			Count: e.Count, Summary: entryLabel(e)}
		if e.Count > 1 {
			first := e.First
			j.First, j.Addresses, j.Counts = &first, e.Addresses, e.Counts
		}
		out = append(out, j)
	}
	return out
}

// activeSessionJSON is one active session of the account.
type activeSessionJSON struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	LastSeen  time.Time `json:"lastSeen"`
	ExpiresAt time.Time `json:"expiresAt"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
	Device    string    `json:"device"`
	Current   bool      `json:"current"`
}

type deviceJSON struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
	LastUsed  time.Time `json:"lastUsed"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
}
