package core_test

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestEnrollmentStateSecurityKeys: under each enforcement scope, past the
// grace period, an account with a security key (or passkey) is enrolled
// like one with an authenticator app; with neither it is restricted
// where enforcement covers its role.
func TestEnrollmentStateSecurityKeys(t *testing.T) {
	r := newRig(t)
	r.Clock.Advance(time.Hour)
	user := func(role string, totp bool, keys int) *core.User {
		u := &core.User{ID: "u", Email: "u@example.com", Role: role, CreatedAt: r.Clock.Now().Add(-time.Hour), SecurityKeys: keys}
		if totp {
			u.TOTPSecret = []byte("sealed")
		}
		return u
	}
	cases := []struct {
		enforcement string
		role        string
		totp        bool
		keys        int
		restricted  bool
	}{
		{core.EnforceAll, core.RoleUser, false, 0, true},
		{core.EnforceAll, core.RoleUser, false, 1, false},
		{core.EnforceAll, core.RoleUser, false, 3, false},
		{core.EnforceAll, core.RoleUser, true, 0, false},
		{core.EnforceAll, core.RoleUser, true, 2, false},
		{core.EnforceAll, core.RoleAdmin, false, 0, true},
		{core.EnforceAll, core.RoleAdmin, false, 1, false},
		{core.EnforceAdmins, core.RoleAdmin, false, 0, true},
		{core.EnforceAdmins, core.RoleAdmin, false, 1, false},
		{core.EnforceAdmins, core.RoleUser, false, 0, false},
		{core.EnforceOff, core.RoleAdmin, false, 0, false},
	}
	for _, c := range cases {
		r.mustChange(`{"enforcement": "` + c.enforcement + `", "enforcementGrace": "0s"}`)
		e := r.Svc.EnrollmentState(user(c.role, c.totp, c.keys))
		if e.Restricted != c.restricted || e.Required != c.restricted {
			t.Errorf("enforcement %s, %s with TOTP %v and %d keys: %+v; want required and restricted %v",
				c.enforcement, c.role, c.totp, c.keys, e, c.restricted)
		}
	}
}
