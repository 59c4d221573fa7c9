package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestPasswordChangeFreshness: right after a second factor, a password
// change needs only the current password; 30 minutes later it needs a
// second factor again.
func TestPasswordChangeFreshness(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "fresh@example.com"
	r.signUp(who)
	p := r.session(who)
	const next = "a brand new passphrase"
	if err := r.Svc.ChangePassword(ctx, p, "wrong password!", next, core.Proof{}, r.meta); errCode(err) != core.CodeWrongPassword {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := r.Svc.ChangePassword(ctx, p, pw, next, core.Proof{}, r.meta); err != nil {
		t.Fatalf("fresh session: %v", err)
	}
	r.waitSubject(who, "password was changed")

	r.Clock.Advance(30 * time.Minute)
	p, err := r.Svc.Authenticate(ctx, p.Session.TokenHash) // a hash is not a token
	if errCode(err) != core.CodeUnauthenticated {
		t.Fatalf("token hash accepted as a token: %v", err)
	}
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: next}, r.meta)
	if err != nil || res.Challenge == nil {
		t.Fatalf("login with the new password: %v", err)
	}
	s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta)
	if err != nil {
		t.Fatal(err)
	}
	p, err = r.Svc.Authenticate(ctx, s.Token)
	if err != nil {
		t.Fatal(err)
	}
	r.Clock.Advance(30 * time.Minute)
	err = r.Svc.ChangePassword(ctx, p, next, "yet another passphrase", core.Proof{}, r.meta)
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeTwoFactorRequired || e.Proof == nil || !e.Proof.CodeSent {
		t.Fatalf("stale session: %v", err)
	}
	code := r.MailedCode(who)
	if err := r.Svc.ChangePassword(ctx, p, next, "yet another passphrase", core.Proof{Method: core.MethodEmail, Code: code}, r.meta); err != nil {
		t.Fatalf("with proof: %v", err)
	}
}

// TestEmailChange: the change needs a second factor with the request, even
// in a session that just proved one; the new address then gets a code;
// only that code, for that address, makes the change; the old address is
// told.
func TestEmailChange(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who, next = "old@example.com", "new@example.com"
	r.signUp(who)
	r.signUp("taken@example.com")
	p := r.session(who)
	if _, err := r.Svc.RequestEmailChange(ctx, p, "taken@example.com", core.Proof{}, r.meta); errCode(err) != core.CodeEmailTaken {
		t.Fatalf("taken address: %v", err)
	}
	_, err := r.Svc.RequestEmailChange(ctx, p, next, core.Proof{}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorRequired || !e.Proof.CodeSent {
		t.Fatalf("email change without proof in a fresh session: %v", err)
	}
	proof := core.Proof{Method: core.MethodEmail, Code: r.MailedCode(who)}
	if _, err := r.Svc.RequestEmailChange(ctx, p, next, proof, r.meta); err != nil {
		t.Fatal(err)
	}
	code := r.MailedCode(next)
	if err := r.Svc.ConfirmEmailChange(ctx, p, "other@example.com", code, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("code used for another address: %v", err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, next, code, r.meta); err != nil {
		t.Fatal(err)
	}
	r.waitSubject(who, "email address was changed")
	u, err := r.Store.UserByEmail(ctx, next)
	if err != nil || u.ID != p.User.ID {
		t.Fatalf("user by new email: %v", err)
	}
}

// TestEnrolmentNeedsProof: even a session that has just signed in cannot
// add an authenticator app (which replaces the recovery codes and gives its
// holder a factor to remove the owner's with) without proving a factor
// with the request; an account without one proves it with the password.
func TestEnrolmentNeedsProof(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who, bare = "fresh@example.com", "bare@example.com"
	r.signUp(who)
	p := r.session(who) // has just proved an email code
	_, err := r.Svc.BeginTOTPSetup(ctx, p, core.Proof{}, r.meta)
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeTwoFactorRequired || !e.Proof.CodeSent {
		t.Fatalf("a session fresh from its second step enrolling without proof: %v", err)
	}
	if _, err := r.Svc.BeginTOTPSetup(ctx, p, core.Proof{Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta); err != nil {
		t.Fatalf("with proof: %v", err)
	}

	r = newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	r.signUp(bare)
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: bare, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login without a second factor: %v", err)
	}
	bp, _ := r.Svc.Authenticate(ctx, res.Session.Token)
	_, err = r.Svc.BeginTOTPSetup(ctx, bp, core.Proof{}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorRequired || e.Proof.Method != core.MethodPassword {
		t.Fatalf("an account without a second factor enrolling without its password: %v", err)
	}
	if _, err := r.Svc.BeginTOTPSetup(ctx, bp, core.Proof{Method: core.MethodPassword, Code: pw}, r.meta); err != nil {
		t.Fatalf("with the password: %v", err)
	}
}

// TestPasswordChecksDoNotClearTheLimit: a right current password must not
// clear the account's guessing record, or a stolen session plus the
// password could guess TOTP codes through the password change forever.
func TestPasswordChecksDoNotClearTheLimit(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "pwlimit@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	p, _ := r.Svc.Authenticate(ctx, token)
	sec, _ := r.enableTOTP(p)
	r.Clock.Advance(31 * time.Minute)
	p, err := r.Svc.Authenticate(ctx, token) // as the next request would
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		err := r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{Method: core.MethodTOTP, Code: coretest.WrongTOTP(t, sec, r.Clock.Now())}, r.meta)
		switch errCode(err) {
		case core.CodeTwoFactorInvalid:
			if i >= 5 {
				t.Fatalf("guess %d was evaluated; the limit should have locked after 5", i+1)
			}
		case core.CodeTooManyAttempts:
			if i < 5 {
				t.Fatalf("locked after only %d guesses", i)
			}
			return
		default:
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	t.Fatal("40 wrong TOTP codes through the password change never locked")
}

// secondFactorFailures returns the count of the second-factor record of
// the session.
func secondFactorFailures(t *testing.T, r *rig, p *core.Principal) int {
	t.Helper()
	th, err := r.Store.Throttle(context.Background(), "2fa-session:"+p.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	return th.Failures
}

// TestRightEmailChangeCodeKeepsSecondFactorCount: the code mailed to a new
// address proves no second factor, so a right one must not clear the
// count of wrong second-factor guesses (or a stolen session could guess
// step-up codes forever, clearing the count with codes from its own
// mailbox).
func TestRightEmailChangeCodeKeepsSecondFactorCount(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who, next = "keepcount@example.com", "mine@example.com"
	r.signUp(who)
	p := r.session(who)
	if _, err := r.Svc.RequestEmailChange(ctx, p, next, core.Proof{}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Fatalf("email change without proof: %v", err)
	}
	if _, err := r.Svc.RequestEmailChange(ctx, p, next, core.Proof{Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta); err != nil {
		t.Fatal(err)
	}
	code := r.MailedCode(next)
	for i := range 3 {
		if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: "000000"}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong step-up code %d: %v", i+1, err)
		}
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, next, code, r.meta); err != nil {
		t.Fatal(err)
	}
	if n := secondFactorFailures(t, r, p); n != 3 {
		t.Fatalf("after a right email-change code the second-factor record counts %d, want 3", n)
	}
}

// TestRightPasswordProofKeepsSecondFactorCount: on an account with no
// second factor left, the password is the proof of sensitive actions; a
// right one takes back only its own attempt and never clears the count.
func TestRightPasswordProofKeepsSecondFactorCount(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	const who = "pwproof@example.com"
	r.signUp(who)
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login: %v", err)
	}
	p := mustPrincipal(t, r, res.Session.Token)
	for i := range 3 {
		err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodPassword, Code: "not the password!"}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong password proof %d: %v", i+1, err)
		}
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodPassword, Code: pw}, r.meta); err != nil {
		t.Fatalf("right password proof: %v", err)
	}
	if n := secondFactorFailures(t, r, p); n != 3 {
		t.Fatalf("after a right password proof the second-factor record counts %d, want 3", n)
	}
	if err := r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta); err != nil {
		t.Fatalf("change password: %v", err)
	}
	if n := secondFactorFailures(t, r, p); n != 3 {
		t.Fatalf("after a right current password the second-factor record counts %d, want 3", n)
	}
}
