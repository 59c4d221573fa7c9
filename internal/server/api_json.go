package server

import (
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// userJSON is the user as the API shows it.
type userJSON struct {
	ID        string        `json:"id"`
	Email     string        `json:"email"`
	Name      string        `json:"name"`
	CreatedAt time.Time     `json:"createdAt"`
	TwoFactor twoFactorJSON `json:"twoFactor"`
}

type twoFactorJSON struct {
	TOTP          enabledJSON   `json:"totp"`
	Email         enabledJSON   `json:"email"`
	RecoveryCodes remainingJSON `json:"recoveryCodes"`
}

type enabledJSON struct {
	Enabled bool `json:"enabled"`
}

type remainingJSON struct {
	Remaining int `json:"remaining"`
}

func toUserJSON(a *core.AccountState) userJSON {
	return userJSON{
		ID:        a.User.ID,
		Email:     a.User.Email,
		Name:      a.User.Name,
		CreatedAt: a.User.CreatedAt,
		TwoFactor: twoFactorJSON{
			TOTP:          enabledJSON{a.TOTP},
			Email:         enabledJSON{a.Email2FA},
			RecoveryCodes: remainingJSON{a.RecoveryLeft},
		},
	}
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
