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
	// TOTPClockDrift is how far the authenticator app's clock was found to
	// be off; null when it was not.
	TOTPClockDrift *clockDriftJSON `json:"totpClockDrift"`
}

// clockDriftJSON is a clock drift: seconds positive when the app's clock
// is ahead, negative when behind, and since when it was found.
type clockDriftJSON struct {
	Seconds int       `json:"seconds"`
	Since   time.Time `json:"since"`
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
	u := userJSON{
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
	if d := a.ClockDrift; d != nil {
		u.TOTPClockDrift = &clockDriftJSON{Seconds: d.Seconds, Since: d.Since}
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
