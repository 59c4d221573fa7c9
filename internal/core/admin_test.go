package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// newAdmin makes an administrator account from the command line.
func (r *rig) newAdmin(email string) *core.User {
	r.t.Helper()
	u, err := r.Svc.CreateAdmin(context.Background(), core.SignUpInput{Email: email, Password: pw, Name: "Admin"}, core.CommandLine())
	if err != nil {
		r.t.Fatal(err)
	}
	return u
}

// lastEvent returns the newest audit event of the account.
func (r *rig) lastEvent(userID string) core.Event {
	r.t.Helper()
	evs, err := r.Store.Events(context.Background(), userID, core.EventCursor{}, 1)
	if err != nil || len(evs) == 0 {
		r.t.Fatalf("Events(%s) = %v, %v", userID, evs, err)
	}
	return evs[0]
}

func TestResetTwoFactorForLostPhone(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := &rig{Rig: b.new(t, nil), t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}}
			const who = "lost@example.com"
			r.signUp(who)
			token := r.sessionToken(who)
			p, err := r.Svc.Authenticate(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			secret, _ := r.enableTOTP(p)
			if p, err = r.Svc.Authenticate(ctx, token); err != nil {
				t.Fatal(err)
			}
			if err := r.Svc.DisableEmail2FA(ctx, p, core.Proof{Method: core.MethodTOTP,
				Code: coretest.TOTPCode(t, secret, r.Clock.Now().Add(30*time.Second))}, r.meta); err != nil {
				t.Fatal(err)
			}
			r.Clock.Advance(time.Minute)
			key := &core.WebAuthnCredential{ID: "wk_lost", UserID: p.User.ID, UserHandle: []byte("handle"),
				CredentialID: []byte("credential"), PublicKey: []byte("cose"), Name: "Phone", CreatedAt: r.Clock.Now()}
			if err := r.Store.AddWebAuthnCredential(ctx, key); err != nil {
				t.Fatal(err)
			}
			if u, err := r.Store.UserByID(ctx, p.User.ID); err != nil || u.SecurityKeys != 1 {
				t.Fatalf("the account before the reset: %+v, %v; want 1 security key", u, err)
			}

			if err := r.Svc.ResetTwoFactor(ctx, p.User.ID, core.CommandLine()); err != nil {
				t.Fatal(err)
			}
			u, err := r.Store.UserByID(ctx, p.User.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u.TOTPEnabled() || !u.Email2FA {
				t.Errorf("after the reset TOTP on = %v, email codes on = %v; want off and on", u.TOTPEnabled(), u.Email2FA)
			}
			if keys, err := r.Store.WebAuthnCredentials(ctx, u.ID); err != nil || len(keys) != 0 {
				t.Errorf("security keys after the reset: %v, %v; want none", keys, err)
			}
			if u.SecurityKeys != 0 {
				t.Errorf("SecurityKeys after the reset = %d, want 0", u.SecurityKeys)
			}
			if n, _ := r.Store.RecoveryCodesLeft(ctx, u.ID); n != 0 {
				t.Errorf("%d recovery codes left after the reset, want 0", n)
			}
			if _, err := r.Svc.Authenticate(ctx, token); err == nil {
				t.Error("the session still works after the reset")
			}
			if e := r.lastEvent(u.ID); e.Type != core.EventTwoFactorReset || e.Detail != "by the command line" {
				t.Errorf("last event = %s %q, want %s by the command line", e.Type, e.Detail, core.EventTwoFactorReset)
			}
			r.WaitMail(who, regexp.MustCompile("two-factor authentication was reset"))
			// The owner signs in again with a mailed code.
			ch := r.login(who)
			if ch.Method != core.MethodEmail || len(ch.Methods) != 1 {
				t.Errorf("login after the reset offers %v (first %s), want only email", ch.Methods, ch.Method)
			}
		})
	}
}

func TestLastAdminStays(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	a := r.newAdmin("first@example.com")
	if err := r.Svc.SetRole(ctx, a.ID, core.RoleUser, core.CommandLine()); errCode(err) != core.CodeLastAdmin {
		t.Errorf("demoting the only administrator: %v, want %s", err, core.CodeLastAdmin)
	}
	if err := r.Svc.SetDisabled(ctx, a.ID, true, core.CommandLine()); errCode(err) != core.CodeLastAdmin {
		t.Errorf("disabling the only administrator: %v, want %s", err, core.CodeLastAdmin)
	}
	b := r.signUp("second@example.com")
	if err := r.Svc.SetRole(ctx, b.ID, core.RoleAdmin, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	if e := r.lastEvent(b.ID); e.Type != core.EventRoleChanged || e.Detail != "user -> admin by the command line" {
		t.Errorf("last event = %s %q", e.Type, e.Detail)
	}
	// A disabled administrator cannot sign in: it does not count.
	if err := r.Svc.SetDisabled(ctx, b.ID, true, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.SetRole(ctx, a.ID, core.RoleUser, core.CommandLine()); errCode(err) != core.CodeLastAdmin {
		t.Errorf("demoting the only enabled administrator: %v, want %s", err, core.CodeLastAdmin)
	}
	if err := r.Svc.SetDisabled(ctx, b.ID, false, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.SetRole(ctx, a.ID, core.RoleUser, core.CommandLine()); err != nil {
		t.Errorf("demoting one of two administrators: %v", err)
	}
	admins, err := r.Svc.Admins(ctx)
	if err != nil || len(admins) != 1 || admins[0].ID != b.ID {
		t.Errorf("Admins() = %v, %v; want only %s", admins, err, b.Email)
	}
	if err := r.Svc.SetRole(ctx, b.ID, "owner", core.CommandLine()); errCode(err) != core.CodeBadRequest {
		t.Errorf("an unknown role: %v, want bad-request", err)
	}
}

// TestLastAdminStaysUnderRace demotes two administrators at once, many
// times: one of the two demotions must always fail.
func TestLastAdminStaysUnderRace(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := &rig{Rig: b.new(t, nil), t: t}
			for round := range 10 {
				x := r.newAdmin(fmt.Sprintf("x%d@example.com", round))
				y := r.newAdmin(fmt.Sprintf("y%d@example.com", round))
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i, u := range []*core.User{x, y} {
					wg.Go(func() { errs[i] = r.Svc.SetRole(ctx, u.ID, core.RoleUser, core.CommandLine()) })
				}
				wg.Wait()
				admins, err := r.Svc.Admins(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(admins) != 1 {
					t.Fatalf("round %d: %d administrators left (errors %v, %v), want 1", round, len(admins), errs[0], errs[1])
				}
				// Leave none for the next round but a fresh pair.
				if err := r.Store.SetRole(ctx, admins[0].ID, core.RoleUser); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestDisabledAccount(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	const who = "gone@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	pending := r.login(who)
	if err := r.Svc.SetDisabled(ctx, p.User.ID, true, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.Authenticate(ctx, token); errCode(err) != core.CodeUnauthenticated {
		t.Errorf("the session of a disabled account: %v, want unauthenticated", err)
	}
	_, err = r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: pending.Token, Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta)
	if err == nil {
		t.Error("a login begun before the account was disabled completed")
	}
	_, err = r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta)
	if errCode(err) != core.CodeAccountDisabled {
		t.Errorf("the right password of a disabled account: %v, want %s", err, core.CodeAccountDisabled)
	}
	_, err = r.Svc.Login(ctx, core.LoginInput{Email: who, Password: "not the password"}, r.meta)
	if errCode(err) != core.CodeInvalidCredentials {
		t.Errorf("a wrong password of a disabled account: %v, want %s (the state is told only to the owner)", err, core.CodeInvalidCredentials)
	}
	if err := r.Svc.SetDisabled(ctx, p.User.ID, false, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	r.login(who)
	if e := r.lastEvent(p.User.ID); e.Type != core.EventAccountEnabled {
		t.Errorf("last event = %s, want %s", e.Type, core.EventAccountEnabled)
	}
}

func TestUnlock(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	const who = "locked@example.com"
	u := r.signUp(who)
	// Wrong codes until the account locks.
	for range 30 {
		ch, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta)
		if errCode(err) == core.CodeTooManyAttempts {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Challenge.Token, Method: core.MethodEmail, Code: "000000"}, r.meta)
		if errCode(err) == core.CodeTooManyAttempts {
			break
		}
	}
	locks, err := r.Svc.Locks(ctx, u.ID)
	if err != nil || len(locks) == 0 {
		t.Fatalf("Locks after wrong codes = %v, %v; want a lock", locks, err)
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("login while locked: %v, want %s", err, core.CodeTooManyAttempts)
	}
	if err := r.Svc.Unlock(ctx, u.ID, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	if locks, err := r.Svc.Locks(ctx, u.ID); err != nil || len(locks) != 0 {
		t.Errorf("Locks after Unlock = %v, %v; want none", locks, err)
	}
	r.login(who) // the owner may try again at once
}

func TestAdminOperatorChecks(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.newAdmin("boss@example.com")
	r.signUp("user@example.com")
	user := r.session("user@example.com")
	if _, err := r.Svc.AdminOperator(ctx, user, core.Proof{}, r.meta); errCode(err) != core.CodeForbidden {
		t.Errorf("AdminOperator for a user: %v, want %s", err, core.CodeForbidden)
	}
	if err := r.Svc.RequireAdmin(user); errCode(err) != core.CodeForbidden {
		t.Errorf("RequireAdmin for a user: %v, want %s", err, core.CodeForbidden)
	}
	boss := r.session("boss@example.com")
	if _, err := r.Svc.AdminOperator(ctx, boss, core.Proof{}, r.meta); err != nil {
		t.Errorf("AdminOperator just after the login's second factor: %v", err)
	}
	r.Clock.Advance(time.Hour)
	if _, err := r.Svc.AdminOperator(ctx, boss, core.Proof{}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Errorf("AdminOperator an hour after the last second factor: %v, want %s", err, core.CodeTwoFactorRequired)
	}
	// Without any second factor there is nothing to prove a change with.
	bare := r.newAdmin("bare@example.com")
	if err := r.Store.SetEmail2FA(ctx, bare.ID, false); err != nil {
		t.Fatal(err)
	}
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: "bare@example.com", Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login without a second factor: %+v, %v", res, err)
	}
	barePrincipal, err := r.Svc.Authenticate(ctx, res.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.RequireAdmin(barePrincipal); err != nil {
		t.Errorf("RequireAdmin for an administrator without a second factor: %v", err)
	}
	if _, err := r.Svc.AdminOperator(ctx, barePrincipal, core.Proof{Method: core.MethodPassword, Code: pw}, r.meta); errCode(err) != core.CodeForbidden {
		t.Errorf("AdminOperator for an administrator without a second factor: %v, want %s", err, core.CodeForbidden)
	}
	op, err := r.Svc.AdminOperator(ctx, boss, r.proof(boss), r.meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.EndUserSessions(ctx, user.User.ID, op); err != nil {
		t.Fatal(err)
	}
	if e := r.lastEvent(user.User.ID); e.Type != core.EventSessionsEndedAll || e.Detail != "by boss@example.com" {
		t.Errorf("last event = %s %q, want %s by boss@example.com", e.Type, e.Detail, core.EventSessionsEndedAll)
	}
}

// TestAppTokensOfRestrictedAccounts: disabling an account, ending its
// sessions and resetting its second factor revoke the tokens of the apps
// it signed in to; a disabled account, or one past its grace period under
// the 2FA policy, gets no new tokens and no userinfo from a token it kept.
func TestAppTokensOfRestrictedAccounts(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	client := r.appClient().ID
	changes := map[string]func(id string) error{
		"disable":      func(id string) error { return r.Svc.SetDisabled(ctx, id, true, core.CommandLine()) },
		"end-sessions": func(id string) error { return r.Svc.EndUserSessions(ctx, id, core.CommandLine()) },
		"reset-2fa":    func(id string) error { return r.Svc.ResetTwoFactor(ctx, id, core.CommandLine()) },
	}
	for name, change := range changes {
		email := name + "@example.com"
		r.signUp(email)
		p := r.session(email)
		req := r.appGrant(p, client, "code-"+name)
		at, refresh, err := r.Svc.IssueOIDCTokens(ctx, req.GrantOf(), "")
		if err != nil {
			t.Fatal(err)
		}
		if err := change(p.User.ID); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.liveAccess(at.ID) {
			t.Errorf("%s: the app's access token still works", name)
		}
		if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); err == nil {
			t.Errorf("%s: the app's refresh token still works", name)
		}
	}
	// A token that survived (say, issued by a race) is refused all the same.
	r.signUp("kept@example.com")
	kept := r.session("kept@example.com")
	req := r.appGrant(kept, client, "code-kept")
	_, refresh, err := r.Svc.IssueOIDCTokens(ctx, req.GrantOf(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Store.SetDisabled(ctx, kept.User.ID, r.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); grantCode(err) != core.OAuthInvalidGrant {
		t.Errorf("refresh of a disabled account: %v, want invalid_grant", err)
	}
	if _, err := r.Svc.OIDCUser(ctx, kept.User.ID); grantCode(err) != core.OAuthInvalidGrant {
		t.Errorf("userinfo of a disabled account: %v, want invalid_grant", err)
	}
	if err := r.Store.SetDisabled(ctx, kept.User.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); err != nil {
		t.Fatalf("refresh once enabled again: %v", err)
	}
	// Past the grace period: an authenticator app is required of everyone.
	r.mustChange(`{"enforcement":"all","enforcementGrace":"0s"}`)
	if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); grantCode(err) != core.OAuthInvalidGrant {
		t.Errorf("refresh of an account past its grace period: %v, want invalid_grant", err)
	}
	if _, err := r.Svc.OIDCUser(ctx, kept.User.ID); grantCode(err) != core.OAuthInvalidGrant {
		t.Errorf("userinfo of an account past its grace period: %v, want invalid_grant", err)
	}
}

// TestAdminOperatorWhileAddressChangeOpen: while the administrator's
// address change can still be undone, a fresh session is not enough, and a
// code mailed to the new address is no proof; a factor from before is.
func TestAdminOperatorWhileAddressChangeOpen(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.newAdmin("boss@example.com")
	token := r.sessionToken("boss@example.com")
	boss, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := r.enableTOTP(boss)
	if boss, err = r.Svc.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	totpProof := func() core.Proof {
		r.Clock.Advance(30 * time.Second)
		return core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, secret, r.Clock.Now())}
	}
	if _, err := r.Svc.RequestEmailChange(ctx, boss, "boss@elsewhere.example", totpProof(), r.meta); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, boss, "boss@elsewhere.example", r.MailedCode("boss@elsewhere.example"), r.meta); err != nil {
		t.Fatal(err)
	}
	if boss, err = r.Svc.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.AdminOperator(ctx, boss, core.Proof{}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Errorf("AdminOperator in a fresh session while the address change can be undone: %v, want %s", err, core.CodeTwoFactorRequired)
	}
	if _, err := r.Svc.AdminOperator(ctx, boss, core.Proof{Method: core.MethodEmail}, r.meta); err == nil {
		t.Error("AdminOperator took the email method while the address change can be undone")
	}
	if _, err := r.Svc.AdminOperator(ctx, boss, totpProof(), r.meta); err != nil {
		t.Errorf("AdminOperator with a TOTP code: %v", err)
	}
}

// TestDeletedAdminKeepsSettingsAudit: the settings an administrator
// changed stay in the audit trail after the account is deleted; the rest
// of its events go.
func TestDeletedAdminKeepsSettingsAudit(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.newAdmin("keeper@example.com")
	rogue := r.newAdmin("rogue@example.com")
	op, err := r.Svc.AdminOperator(ctx, r.session("rogue@example.com"), core.Proof{}, r.meta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.UpdateSettings(ctx, map[string]json.RawMessage{core.SettingTOTPSkew: json.RawMessage(`2`)}, op); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.DeleteUser(ctx, rogue.ID, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	evs, err := r.Store.Events(ctx, rogue.ID, core.EventCursor{}, 50)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	if len(types) != 2 || types[0] != core.EventAccountDeleted || types[1] != core.EventSettingsChanged {
		t.Errorf("events left of the deleted administrator: %v, want [%s %s]", types, core.EventAccountDeleted, core.EventSettingsChanged)
	}
}
