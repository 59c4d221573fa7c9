package core_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestNewAddressChangesNoFactor: while the link that undoes an email change
// is valid, a code sent to the new address proves no change to the
// account's second factors (turning email codes off, enrolling an app,
// making recovery codes); with no other factor the change waits. So whoever
// moved the address cannot make it stick before the owner uses the link.
func TestNewAddressChangesNoFactor(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const owner, thief = "owner@example.com", "thief@example.net"
	r.signUp(owner)
	p := r.session(owner)
	r.changeEmail(p, owner, thief)

	for name, change := range map[string]func(core.Proof) error{
		"email codes off": func(pr core.Proof) error { return r.Svc.DisableEmail2FA(ctx, p, pr, r.meta) },
		"enrol an app": func(pr core.Proof) error {
			_, err := r.Svc.BeginTOTPSetup(ctx, p, pr, r.meta)
			return err
		},
		"recovery codes": func(pr core.Proof) error {
			_, err := r.Svc.RegenerateRecoveryCodes(ctx, p, pr, r.meta)
			return err
		},
	} {
		err := change(core.Proof{Method: core.MethodEmail})
		if e, ok := core.AsError(err); !ok || e.Code != core.CodeMethodUnavailable {
			t.Errorf("%s asked with the new address as the only method: %v, want %s", name, err, core.CodeMethodUnavailable)
		}
	}
	// Once the link has expired, the address is the account's own.
	r.Clock.Advance(core.EmailUndoTTL)
	if err := r.Svc.DisableEmail2FA(ctx, p, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Fatalf("after the link expired: %v, want a proof asked for", err)
	}
}

// TestStolenSessionGuessesLockOnlyItself: wrong codes and passwords from a
// signed-in session count on that session's own record, so they never lock
// the owner's logins from the device the session was stolen from.
func TestStolenSessionGuessesLockOnlyItself(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "owner@example.com"
	r.signUp(who)
	token, known := r.sessionKnown(who, "")
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 * core.DefaultConfig().SecondFactorLimit.Free {
		r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: "000-000"}, r.meta)
		r.Svc.ChangePassword(ctx, p, "not the password", "another long password", core.Proof{}, r.meta)
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: "000-000"}, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("the guessing session is not locked: %v", err)
	}
	// The owner logs in from the device the session was stolen from.
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw, KnownDevice: known}, r.meta)
	if err != nil || res.Challenge == nil {
		t.Fatalf("the owner's login from the session's device: %v", err)
	}
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodEmail,
		Code: r.MailedCode(who)}, r.meta); err != nil {
		t.Fatalf("the owner's second step from the session's device: %v", err)
	}
}

// TestNoFactorEmailChangeNeedsPassword: an account without a second factor
// proves an email change with its password, never with a session alone.
func TestNoFactorEmailChangeNeedsPassword(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	const who = "bare@example.com"
	r.signUp(who)
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login: %v", err)
	}
	p, _ := r.Svc.Authenticate(ctx, res.Session.Token)
	_, err = r.Svc.RequestEmailChange(ctx, p, "elsewhere@example.net", core.Proof{}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorRequired || e.Proof.Method != core.MethodPassword {
		t.Fatalf("email change without the password: %v", err)
	}
	if _, err := r.Svc.RequestEmailChange(ctx, p, "elsewhere@example.net", core.Proof{Method: core.MethodPassword, Code: pw}, r.meta); err != nil {
		t.Fatalf("with the password: %v", err)
	}
}

// TestSessionsCannotMultiplyMail: code mails asked for by signed-in
// sessions (step-up codes, codes to a new address) are capped for all the
// account's sessions together, and a code to an address the account does
// not have costs the client address too: more sessions, or more accounts
// behind one address, do not mean more mail to other people's mailboxes.
func TestSessionsCannotMultiplyMail(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	const who = "mailer@example.com"
	r.signUp(who)
	cap := core.DefaultConfig().MailAddrLimit.Free
	sent := 0
	for s := 0; sent <= cap && s < 20; s++ {
		res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, core.ClientMeta{IP: "198.51.100." + itoa(s)})
		if err != nil || res.Session == nil {
			t.Fatalf("login %d: %v", s, err)
		}
		p, _ := r.Svc.Authenticate(ctx, res.Session.Token)
		for range core.DefaultConfig().MailUserLimit.Free {
			// A new address each time: no code is sent twice.
			to := "victim" + itoa(sent) + "@example.net"
			_, err := r.Svc.RequestEmailChange(ctx, p, to, core.Proof{Method: core.MethodPassword, Code: pw},
				core.ClientMeta{IP: "198.51.100." + itoa(s)})
			if errCode(err) == core.CodeTooManyAttempts {
				break
			}
			if err != nil {
				t.Fatalf("code to a new address: %v", err)
			}
			sent++
		}
	}
	if sent != cap {
		t.Fatalf("the account's sessions sent %d codes to new addresses, want at most %d", sent, cap)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestOldAddressHeldForUndo: while the undo link is valid, nobody else can
// take the old address (by signing up or by an email change), which would
// make the link fail; the undo then puts it back.
func TestOldAddressHeldForUndo(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const owner, thief, other = "owner@example.com", "thief@example.net", "other@example.com"
	r.signUp(owner)
	r.signUp(other)
	p := r.session(owner)
	token := r.changeEmail(p, owner, thief)

	if _, err := r.Svc.SignUp(ctx, core.SignUpInput{Email: owner, Password: pw, Name: "T"}, core.ClientMeta{IP: "203.0.113.9"}); errCode(err) != core.CodeEmailTaken {
		t.Fatalf("sign-up with the old address: %v, want %s", err, core.CodeEmailTaken)
	}
	op := r.session(other)
	if _, err := r.Svc.RequestEmailChange(ctx, op, owner, r.proof(op), r.meta); errCode(err) != core.CodeEmailTaken {
		t.Fatalf("another account moving to the old address: %v, want %s", err, core.CodeEmailTaken)
	}
	if got, err := r.Svc.UndoEmailChange(ctx, token, r.meta); err != nil || got != owner {
		t.Fatalf("undo = %q, %v", got, err)
	}
}

// TestProofNotSpentOnRefusedMail: when the code mail of an email change
// would be refused (here: the client address's budget is used up by
// strangers' logins behind the same address), the change says so before
// it uses up the proof, such as a single-use recovery code.
func TestProofNotSpentOnRefusedMail(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.MailAddrLimit.Free = 2 })
	ctx := context.Background()
	const who = "owner@example.com"
	r.signUp(who)
	p := r.session(who)
	_, codes := r.enableTOTP(p)
	// The owner's own login code was the first of the address's two; a
	// stranger's login behind the same address, from an unknown device,
	// takes the second.
	r.signUp("stranger@example.com")
	r.login("stranger@example.com")
	_, err := r.Svc.RequestEmailChange(ctx, p, "new@example.net", core.Proof{Method: core.MethodRecovery, Code: codes[0]}, r.meta)
	if errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("email change with the address's mail budget used up: %v, want %s", err, core.CodeTooManyAttempts)
	}
	if left, err := r.Store.RecoveryCodesLeft(ctx, p.User.ID); err != nil || left != len(codes) {
		t.Fatalf("recovery codes left = %d, %v; want all %d (the refused change spent one)", left, err, len(codes))
	}
}

// TestUndoPutsPasswordBack: whoever moved the address and then changed the
// password (knowing the old one) does not leave the owner outside: the
// undo puts back the password of the time of the change too.
func TestUndoPutsPasswordBack(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const owner, thief = "owner@example.com", "thief@example.net"
	r.signUp(owner)
	p := r.session(owner)
	token := r.changeEmail(p, owner, thief)
	if err := r.Svc.ChangePassword(ctx, p, pw, "the thief's new password", core.Proof{}, r.meta); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.UndoEmailChange(ctx, token, r.meta); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: owner, Password: "the thief's new password"}, r.meta); errCode(err) != core.CodeInvalidCredentials {
		t.Fatalf("the password set after the change still works: %v", err)
	}
	if res, err := r.Svc.Login(ctx, core.LoginInput{Email: owner, Password: pw}, r.meta); err != nil || res.Challenge == nil {
		t.Fatalf("the owner's password of before the change: %v", err)
	}
}
