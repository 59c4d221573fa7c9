package core

import "time"

// User is an account. PasswordHash is an argon2id PHC string. TOTP secrets are
// kept sealed (encrypted and authenticated) and never leave the core in clear
// except at setup time, when the user must see them once.
type User struct {
	ID           string
	Email        string // lower-cased, trimmed
	Name         string
	PasswordHash string
	CreatedAt    time.Time

	// Email2FA tells whether codes mailed to Email are a second factor.
	Email2FA bool
	// TOTPSecret is the sealed secret of the active authenticator app, nil
	// when TOTP is off.
	TOTPSecret []byte
	// TOTPPending is the sealed secret shown by the last setup that has not
	// been verified yet, nil when none.
	TOTPPending []byte
	// TOTPLastStep is the last RFC 6238 time step accepted for this account;
	// a code for this step or an earlier one is refused.
	TOTPLastStep int64
	// TOTPDrift is what the accepted codes tell about the app's clock;
	// turning TOTP off or on again clears it.
	TOTPDrift TOTPDrift
	// PasswordChangedAt marks the last password change (zero if never).
	PasswordChangedAt time.Time
	// EmailVerifiedAt is when a code mailed to Email was last entered
	// correctly (zero: the address has never been proven to reach the
	// account's owner).
	EmailVerifiedAt time.Time
	// Role is RoleUser or RoleAdmin.
	Role string
	// DisabledAt is when an administrator disabled the account (zero: it
	// is enabled). A disabled account cannot log in.
	DisabledAt time.Time
	// SecurityKeys is how many security keys and passkeys the account has.
	// The store keeps it on the account's row, in step with its keys, so
	// that EnrollmentState needs no query of its own; creating an account
	// ignores it (a new account has none).
	SecurityKeys int
	// Language is the code of the language the account chose for its pages
	// and mails (see internal/i18n), "" to follow the browser.
	Language string
}

// Roles of an account.
const (
	// RoleUser is every account's role unless an administrator changes it.
	RoleUser = "user"
	// RoleAdmin may use the admin pages and API.
	RoleAdmin = "admin"
)

// IsAdmin reports whether the account is an administrator.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// Disabled reports whether an administrator has disabled the account.
func (u *User) Disabled() bool { return !u.DisabledAt.IsZero() }

// TOTPEnabled reports whether an authenticator app is active.
func (u *User) TOTPEnabled() bool { return len(u.TOTPSecret) > 0 }

// EmailVerified reports whether the account's address has been proven by
// a mailed code. Sign-up alone proves nothing: anyone can sign up with
// anyone's address.
func (u *User) EmailVerified() bool { return !u.EmailVerifiedAt.IsZero() }

// Session is a signed-in client. Only the SHA-256 hash of its bearer token is
// stored, so a copy of the database does not hand out sessions.
type Session struct {
	// ID names the session in lists and to end it; it is public and tells
	// nothing about the token.
	ID        string
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	// SecondFactorAt is when the user last proved a second factor in this
	// session (zero if never); it drives step-up freshness.
	SecondFactorAt time.Time
	IP             string
	UserAgent      string
	// KnownDeviceID names the known device the session was created on ("" for
	// none), whose guessing and mail limits the session's own checks use.
	KnownDeviceID string
	// LoginFactor tells how the login that made the session passed its
	// second step: the method used (MethodTOTP, MethodEmail,
	// MethodRecovery), FactorDevice for a trusted device, or "" when the
	// account had no second factor.
	LoginFactor string
}

// FactorDevice is the LoginFactor of a session whose login skipped the
// second step on a trusted device.
const FactorDevice = "device"

// TwoFactor reports whether the session's login passed a second factor,
// directly or through a trusted device.
func (s *Session) TwoFactor() bool { return s.LoginFactor != "" }

// Challenge is the pending second step of one login.
type Challenge struct {
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
	// Attempts counts wrong codes submitted against this challenge.
	Attempts int
	// UsedAt is set once the challenge has produced a session.
	UsedAt    time.Time
	IP        string
	UserAgent string
	// KnownDeviceID names the known device that opened the challenge ("" for
	// an unknown one): its second-factor guesses count against that device.
	KnownDeviceID string
}

// EmailCode is a one-time code mailed to the user. Only a keyed hash of the
// code is stored. Purpose ties the code to what it may be used for, e.g. one
// login challenge or one session's step-up.
type EmailCode struct {
	ID        string
	UserID    string
	Purpose   string
	CodeHash  []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	Attempts  int
	UsedAt    time.Time
	// Target is the address the code was sent to (differs from the user's
	// address when confirming a new email).
	Target string
	// Sealed is the code itself, sealed with the key ring, so that asking
	// again within its lifetime mails the same code (nil: not kept).
	Sealed []byte
}

// KnownDevice is a browser or client that has completed a login of the
// account (OWASP's "device cookie"). It grants no access: it only gets its
// own guessing and mail limits, so that failures from other clients never
// lock it out. Only the hash of its token is stored.
type KnownDevice struct {
	ID        string
	TokenHash string
	UserID    string
	CreatedAt time.Time
	LastUsed  time.Time
}

// TrustedDevice is a browser or app that may skip the second step until it
// expires or is revoked. Only the hash of its token is stored.
type TrustedDevice struct {
	ID        string
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastUsed  time.Time
	IP        string
	UserAgent string
}

// EmailUndo is the link mailed to the old address when an account's email
// address changes: used once before it expires, it puts OldEmail back and
// ends every session. Only the hash of its token is stored.
type EmailUndo struct {
	TokenHash string
	UserID    string
	OldEmail  string
	NewEmail  string
	// OldPasswordHash is the password hash when the address changed: the
	// undo puts it back if the password has changed since.
	OldPasswordHash string
	CreatedAt       time.Time
	ExpiresAt       time.Time
	UsedAt          time.Time
}

// Event is one entry of the audit trail.
type Event struct {
	ID        int64
	UserID    string
	Type      string
	At        time.Time
	IP        string
	UserAgent string
	Detail    string
}

// EventCursor is a place in an account's audit trail, which runs newest
// first by At, then by ID. The zero cursor is the newest end.
type EventCursor struct {
	At time.Time
	ID int64
}

// IsZero reports whether c is the newest end of the trail.
func (c EventCursor) IsZero() bool { return c.At.IsZero() && c.ID == 0 }

// Cursor is the place of e in the trail.
func (e *Event) Cursor() EventCursor { return EventCursor{At: e.At, ID: e.ID} }

// EventRun sums up a run of consecutive events of an account (no event of
// another type between them): how many of each type, from how many client
// addresses, and the first and last of them.
type EventRun struct {
	// Counts is how many events of each type the run holds.
	Counts map[string]int
	// Addresses counts the distinct client addresses of the run.
	Addresses int
	// First and Last are the oldest and the newest event of the run.
	First, Last Event
}

// Throttle is the failure record behind one guessing limit, keyed by what it
// limits (an account's second factor, a client address's logins, ...).
// Version makes updates compare-and-swap, so concurrent requests on several
// instances cannot lose a failure.
type Throttle struct {
	Key         string
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
	Version     int64
}
