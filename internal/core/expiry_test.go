package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

func TestChallengeExpires(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "slow@example.com"
	r.signUp(who)
	ch := r.login(who)
	code := r.MailedCode(who)
	r.Clock.Advance(10 * time.Minute)
	_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta)
	if errCode(err) != core.CodeChallengeExpired {
		t.Fatalf("after 10 minutes: %v", err)
	}
}

func TestEmailCodeExpires(t *testing.T) {
	r := newRig(t, func(c *core.Config) {
		c.EmailCodeTTL = 2 * time.Minute
	})
	ctx := context.Background()
	const who = "ttl@example.com"
	r.signUp(who)
	ch := r.login(who)
	code := r.MailedCode(who)
	r.Clock.Advance(2*time.Minute + time.Second)
	_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorInvalid || e.Message != "this email code has expired; ask for a new one" {
		t.Fatalf("expired code: %v", err)
	}
	// A new code for the same challenge works.
	if _, err := r.Svc.SendLoginEmailCode(ctx, ch.Token, r.meta); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta); err != nil {
		t.Fatalf("fresh code: %v", err)
	}
}

// TestEmailCodeTries: a mailed code dies after 5 wrong tries, even when
// the right one follows.
func TestEmailCodeTries(t *testing.T) {
	r := newRig(t, func(c *core.Config) {
		c.SecondFactorLimit.Free = 100
		c.ChallengeAttempts = 100
	})
	ctx := context.Background()
	const who = "tries@example.com"
	r.signUp(who)
	ch := r.login(who)
	code := r.MailedCode(who)
	wrong := "000-000"
	if code == wrong {
		wrong = "999-999"
	}
	for range 5 {
		if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: wrong}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong code: %v", err)
		}
	}
	_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta)
	if errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("right code after 5 wrong tries: %v", err)
	}
}

// TestChallengeAttemptsRunOut: a challenge survives wrong codes until its
// attempts are used up, then it is gone.
func TestChallengeAttemptsRunOut(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.SecondFactorLimit.Free = 100 })
	ctx := context.Background()
	const who = "attempts@example.com"
	r.signUp(who)
	sec, _ := r.enableTOTP(r.session(who))
	ch := r.login(who)
	for i := range 5 {
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.WrongTOTP(t, sec, r.Clock.Now())}, r.meta)
		e, ok := core.AsError(err)
		if !ok || e.Code != core.CodeTwoFactorInvalid || e.AttemptsLeft == nil || *e.AttemptsLeft != 4-i {
			t.Fatalf("wrong code %d: %+v", i, e)
		}
	}
	r.Clock.Advance(30 * time.Second)
	_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta)
	if errCode(err) != core.CodeChallengeExpired {
		t.Fatalf("after the attempts ran out: %v", err)
	}
}

func TestSessionExpires(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.SessionTTL = time.Hour })
	ctx := context.Background()
	const who = "session@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	r.Clock.Advance(time.Hour - time.Second)
	if _, err := r.Svc.Authenticate(ctx, token); err != nil {
		t.Fatalf("just before expiry: %v", err)
	}
	r.Clock.Advance(time.Second)
	if _, err := r.Svc.Authenticate(ctx, token); errCode(err) != core.CodeUnauthenticated {
		t.Fatalf("at expiry: %v", err)
	}
}

// TestTrustedDeviceExpires: a remembered device skips the second step
// until TrustedDeviceTTL has passed, then asks again.
func TestTrustedDeviceExpires(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.TrustedDeviceTTL = 24 * time.Hour })
	ctx := context.Background()
	const who = "device-ttl@example.com"
	r.signUp(who)
	ch := r.login(who)
	s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: r.MailedCode(who), RememberDevice: true}, r.meta)
	if err != nil || s.DeviceToken == "" {
		t.Fatalf("remember device: %v", err)
	}
	in := core.LoginInput{Email: who, Password: pw, DeviceToken: s.DeviceToken}
	r.Clock.Advance(24*time.Hour - time.Second)
	if res, err := r.Svc.Login(ctx, in, r.meta); err != nil || res.Session == nil {
		t.Fatalf("before expiry: %v", err)
	}
	r.Clock.Advance(time.Second)
	if res, err := r.Svc.Login(ctx, in, r.meta); err != nil || res.Challenge == nil {
		t.Fatalf("at expiry the device should not skip the second step: %v", err)
	}
}

// TestCleanup: expired sessions, idle per-address records and the
// email-confirm and guessing records of ended sessions go; a login's
// second-factor record stays until a correct code.
func TestCleanup(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.SessionTTL = time.Hour })
	ctx := context.Background()
	const who = "cleanup@example.com"
	r.signUp(who) // leaves a sign-up record for r.meta.IP
	token := r.sessionToken(who)
	p := mustPrincipal(t, r, token)
	if err := r.Svc.ConfirmEmailChange(ctx, p, "x@example.com", "000000", r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("wrong code: %v", err)
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: "000000"}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("wrong step-up code: %v", err)
	}
	ch := r.login(who)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: "000000"}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("wrong code at login: %v", err)
	}
	r.Clock.Advance(2 * time.Hour)
	n, err := r.Svc.Cleanup(ctx)
	if err != nil || n < 2 {
		t.Fatalf("Cleanup = %d, %v; want the session and the sign-up record gone", n, err)
	}
	if _, err := r.Svc.Authenticate(ctx, token); errCode(err) != core.CodeUnauthenticated {
		t.Fatalf("session after cleanup: %v", err)
	}
	th, err := r.Store.Throttle(ctx, "signup-ip:"+r.meta.IP)
	if err != nil || th.Version != 0 {
		t.Fatalf("sign-up record after cleanup: %+v %v", th, err)
	}
	th, err = r.Store.Throttle(ctx, "email-confirm:"+p.Session.TokenHash)
	if err != nil || th.Version != 0 {
		t.Fatalf("email-confirm record of an ended session after cleanup: %+v %v", th, err)
	}
	th, err = r.Store.Throttle(ctx, "2fa-session:"+p.Session.ID)
	if err != nil || th.Version != 0 {
		t.Fatalf("guessing record of an ended session after cleanup: %+v %v", th, err)
	}
	th, err = r.Store.Throttle(ctx, "2fa:"+p.User.ID+":unknown")
	if err != nil || th.Failures != 1 {
		t.Fatalf("second-factor record of the login after cleanup: %+v %v", th, err)
	}
}

func mustPrincipal(t *testing.T, r *rig, token string) *core.Principal {
	t.Helper()
	p, err := r.Svc.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
