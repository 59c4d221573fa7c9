package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

func testRoles(t *testing.T, s core.Store) {
	ctx := t.Context()
	plain := newUser(t, s, "plain")
	if got := getUser(t, s, plain.ID); got.Role != core.RoleUser || got.IsAdmin() {
		t.Errorf("a user created without a role reads back as role %q, want %q", got.Role, core.RoleUser)
	}
	boss := &core.User{ID: "boss", Email: "boss@example.com", PasswordHash: "h", CreatedAt: at(0), Role: core.RoleAdmin}
	wantOK(t, "CreateUser(admin)", s.CreateUser(ctx, boss))
	newUser(t, s, "zed")
	wantOK(t, "SetRole(zed, admin)", s.SetRole(ctx, "zed", core.RoleAdmin))

	admins, err := s.UsersByRole(ctx, core.RoleAdmin)
	wantOK(t, "UsersByRole(admin)", err)
	var emails []string
	for _, a := range admins {
		emails = append(emails, a.Email)
	}
	same(t, "admins by email", len(emails), 2)
	if len(emails) == 2 && (emails[0] != "boss@example.com" || emails[1] != "zed@example.com") {
		t.Errorf("UsersByRole(admin) = %v, want [boss@example.com zed@example.com]", emails)
	}

	wantOK(t, "SetRole(zed, user)", s.SetRole(ctx, "zed", core.RoleUser))
	admins, err = s.UsersByRole(ctx, core.RoleAdmin)
	wantOK(t, "UsersByRole after demotion", err)
	same(t, "admins after demotion", len(admins), 1)
	if err := s.SetRole(ctx, "plain", "owner"); err == nil {
		t.Error(`SetRole(plain, "owner") succeeded; the store must refuse a role it does not know`)
	}
	wantErr(t, "SetRole of a missing user", s.SetRole(ctx, "nobody", core.RoleAdmin), core.ErrNotFound)
}

func testDisabled(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "d")
	when := at(time.Hour)
	wantOK(t, "SetDisabled", s.SetDisabled(ctx, "d", when))
	u := getUser(t, s, "d")
	sameTime(t, "DisabledAt", u.DisabledAt, when)
	if !u.Disabled() {
		t.Error("Disabled() = false after SetDisabled")
	}
	wantOK(t, "SetDisabled(zero)", s.SetDisabled(ctx, "d", time.Time{}))
	if getUser(t, s, "d").Disabled() {
		t.Error("Disabled() = true after SetDisabled with the zero time")
	}
	wantErr(t, "SetDisabled of a missing user", s.SetDisabled(ctx, "nobody", when), core.ErrNotFound)
}

func testThrottlesByPrefix(t *testing.T, s core.Store) {
	ctx := t.Context()
	for _, key := range []string{"2fa:u_1:dev", "2fa:u_1:unknown", "2fa:u_10:unknown", "2fa:u%1:x", "mail-sessions:u_1", "login-ip:u_1"} {
		ok, err := s.SwapThrottle(ctx, core.Throttle{Key: key}, core.Throttle{Failures: 2, LastFailure: at(0), LockedUntil: at(time.Minute)})
		wantBool(t, "SwapThrottle("+key+")", ok, err, true)
	}
	prefixes := []string{"2fa:u_1:", "mail-sessions:u_1"}
	got, err := s.ThrottlesByPrefix(ctx, prefixes)
	wantOK(t, "ThrottlesByPrefix", err)
	var keys []string
	for _, th := range got {
		keys = append(keys, th.Key)
	}
	// "_" and "%" are no wildcards: u_10 and u%1 are other accounts.
	want := []string{"2fa:u_1:dev", "2fa:u_1:unknown", "mail-sessions:u_1"}
	if len(keys) != len(want) {
		t.Fatalf("ThrottlesByPrefix = %v, want %v", keys, want)
	}
	for i := range want {
		same(t, "key", keys[i], want[i])
	}
	if len(got) > 0 {
		same(t, "Failures", got[0].Failures, 2)
		sameTime(t, "LockedUntil", got[0].LockedUntil, at(time.Minute))
	}
	n, err := s.DeleteThrottles(ctx, prefixes)
	wantInt(t, "DeleteThrottles", n, err, 3)
	left, err := s.ThrottlesByPrefix(ctx, []string{""})
	wantOK(t, "ThrottlesByPrefix(all)", err)
	same(t, "records left", len(left), 3)
}
