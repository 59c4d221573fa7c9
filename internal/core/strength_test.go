package core_test

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestTrustedDeviceSessionIsTwoFactorButNotFresh: a login through a
// trusted device makes a two-factor session (forward-auth rules accept
// it), yet a password change from it right away still asks for a second
// factor, however recently the device was made.
func TestTrustedDeviceSessionIsTwoFactorButNotFresh(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "trusted-strength@example.com"
	r.signUp(who)
	ch := r.login(who)
	s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: r.MailedCode(who), RememberDevice: true}, r.meta)
	if err != nil {
		t.Fatal(err)
	}
	if p := mustPrincipal(t, r, s.Token); !p.TwoFactor() || !p.User.HasSecondFactor() {
		t.Fatalf("second-factor login: TwoFactor %v, HasSecondFactor %v", p.TwoFactor(), p.User.HasSecondFactor())
	}
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw, DeviceToken: s.DeviceToken}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("trusted-device login: %v", err)
	}
	p := mustPrincipal(t, r, res.Session.Token)
	if !p.TwoFactor() {
		t.Error("a trusted-device session is not two-factor")
	}
	err = r.Svc.ChangePassword(ctx, p, pw, "a new passphrase here", core.Proof{}, r.meta)
	if errCode(err) != core.CodeTwoFactorRequired {
		t.Errorf("password change from a fresh trusted-device session: %v, want 2fa-required", err)
	}
}

// TestPasswordOnlySessionIsOneFactor: an account without a second factor
// signs in with its password alone, which is one factor.
func TestPasswordOnlySessionIsOneFactor(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	const who = "one-factor@example.com"
	r.signUp(who)
	res, err := r.Svc.Login(context.Background(), core.LoginInput{Email: who, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login: %v", err)
	}
	p := mustPrincipal(t, r, res.Session.Token)
	if p.TwoFactor() || p.User.HasSecondFactor() {
		t.Errorf("password-only login: TwoFactor %v, HasSecondFactor %v", p.TwoFactor(), p.User.HasSecondFactor())
	}
}
