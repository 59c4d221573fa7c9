package core

import "time"

// Values of the enforcement setting: whose accounts must have an
// authenticator app or a security key.
const (
	// EnforceOff requires nothing.
	EnforceOff = "off"
	// EnforceAll requires an authenticator app or a security key of every
	// account.
	EnforceAll = "all"
	// EnforceAdmins requires one of administrators only.
	EnforceAdmins = "admins"
)

// CodeEnrollmentRequired answers a request of a session whose account
// must set up an authenticator app or a security key first: the grace
// period is over.
const CodeEnrollmentRequired = "2fa-enrollment-required"

var errEnrollmentRequired = errorf(CodeEnrollmentRequired,
	"your administrator requires an authenticator app or a security key for this account and the grace period is over: "+
		"set one up (Security page, or POST /api/v1/me/2fa/totp/setup and /verify, "+
		"or POST /api/v1/me/webauthn/register/begin and /finish) before anything else")

// ErrEnrollmentRequired is the error the HTTP layer answers a restricted
// session with (see Enrollment.Restricted).
func ErrEnrollmentRequired() *Error {
	e := *errEnrollmentRequired
	return &e
}

// Enrollment is what the enforcement setting asks of one account now.
type Enrollment struct {
	// Required tells that the account must set up an authenticator app or
	// a security key: enforcement covers its role and it has neither.
	Required bool
	// Deadline is when the grace period ends (zero unless Required): the
	// later of when enforcement began to cover the account's role and the
	// account's sign-up, plus the grace period.
	Deadline time.Time
	// GraceLeft is how long until Deadline, never negative.
	GraceLeft time.Duration
	// Restricted tells that the deadline has passed: the account's sessions
	// may only set up an authenticator app or a security key (and what
	// that needs), read the account and log out. The HTTP layer enforces
	// it.
	Restricted bool
}

// enrolled reports whether u has a second factor that the enforcement
// setting accepts: an authenticator app or a security key.
func enrolled(u *User) bool { return u.TOTPEnabled() || u.SecurityKeys > 0 }

// enforced reports whether the enforcement value covers accounts of role.
func enforced(enforcement, role string) bool {
	switch enforcement {
	case EnforceAll:
		return true
	case EnforceAdmins:
		return role == RoleAdmin
	}
	return false
}

// EnrollmentState decides what the enforcement setting in force asks of
// account u now. An account with an authenticator app or a security key
// (or passkey) is enrolled: a key is a second factor at least as strong
// as an app, so it is never restricted.
func (s *Service) EnrollmentState(u *User) Enrollment {
	snap := s.settings.Load()
	role := u.Role
	if role != RoleAdmin {
		role = RoleUser
	}
	if enrolled(u) || !enforced(snap.cfg.Enforcement, role) {
		return Enrollment{}
	}
	start := snap.stored.EnforcedSince[role]
	if u.CreatedAt.After(start) {
		start = u.CreatedAt
	}
	deadline := start.Add(snap.cfg.EnforcementGrace)
	left := max(deadline.Sub(s.clock()), 0)
	return Enrollment{Required: true, Deadline: deadline, GraceLeft: left, Restricted: left == 0}
}

// enforcementSince updates since, when enforcement began to cover each
// role, for a change of the enforcement setting from old to next at now: a
// role it starts to cover starts now, a role it keeps covering keeps its
// start, and a role it no longer covers forgets it.
func enforcementSince(since map[string]time.Time, old, next string, now time.Time) map[string]time.Time {
	out := map[string]time.Time{}
	for _, role := range []string{RoleUser, RoleAdmin} {
		switch {
		case !enforced(next, role):
		case enforced(old, role):
			// Covered already; with no start recorded, since the Config
			// the Service was built with, that is since ever.
			if t, ok := since[role]; ok {
				out[role] = t
			}
		default:
			out[role] = now
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
