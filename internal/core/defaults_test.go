package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestDefaultConfigSecurityFigures pins the defaults that bound what an
// attacker can do. Each line says why the figure is what it is; a change
// here is a change to the threat model and must come with SECURITY.md.
// (How limits decay and what clears them is tested with the limits.)
func TestDefaultConfigSecurityFigures(t *testing.T) {
	d := core.DefaultConfig()
	for _, c := range []struct {
		name      string
		got, want any
		why       string
	}{
		{"Email2FADefault", d.Email2FADefault, true,
			"a new account has a second factor from its first login; without it a leaked password is a lost account"},
		{"EmailCodeTTL", d.EmailCodeTTL, 10 * time.Minute,
			"long enough for slow mail, short enough that a code left in a mailbox or read over a shoulder is soon worthless"},
		{"EmailCodeAttempts", d.EmailCodeAttempts, 5,
			"five wrong tries of a 6-digit code: a 5 in 10^6 chance of guessing one code before it dies"},
		{"ChallengeTTL", d.ChallengeTTL, 10 * time.Minute,
			"the second step of a login takes minutes; a challenge must not outlive the code mailed for it"},
		{"ChallengeAttempts", d.ChallengeAttempts, 5,
			"one password proof buys at most five guesses of the second factor"},
		{"SessionTTL", d.SessionTTL, 7 * 24 * time.Hour,
			"a stolen session token works for a week at most"},
		{"TrustedDeviceTTL", d.TrustedDeviceTTL, 30 * 24 * time.Hour,
			"a remembered device skips the second factor for a month at most"},
		{"StepUpFreshness", d.StepUpFreshness, 30 * time.Minute,
			"a session is trusted for sensitive changes only shortly after it proved a second factor"},
		{"RecoveryCodes", d.RecoveryCodes, 12,
			"enough codes to last, each 50 bits, so a set cannot be guessed within the second-factor limit"},
		{"SecondFactorLimit.Free", d.SecondFactorLimit.Free, 5,
			"with Base and Max, bounds guesses of a 6-digit code to 191 in 30 days (TestGuessingBound, SECURITY.md)"},
		{"SecondFactorLimit.Base", d.SecondFactorLimit.Base, time.Minute, "the first lock after the free tries"},
		{"SecondFactorLimit.Max", d.SecondFactorLimit.Max, 4 * time.Hour,
			"the longest lock; a shorter one lets more guesses through in 30 days"},
		{"LoginLimit.Free", d.LoginLimit.Free, 20, "wrong passwords one address may try before it is slowed down"},
		{"LoginLimit.Max", d.LoginLimit.Max, time.Hour, "the longest lock of an address guessing passwords"},
		{"SignupLimit.Free", d.SignupLimit.Free, 10, "accounts one address may create before it is slowed down"},
		{"MailAddrLimit.Free", d.MailAddrLimit.Free, 30,
			"code mails one address may cause: generous, as many users may share an address, yet no mail cannon"},
		{"MailUserLimit.Free", d.MailUserLimit.Free, 10,
			"code mails one asker (a known device, a session, or all unknown devices together) may cause to one account before it is slowed down: nobody can flood a mailbox"},
		{"MailUserLimit.Max", d.MailUserLimit.Max, time.Hour, "the longest pause of code mails to one account"},
	} {
		if c.got != c.want {
			t.Errorf("DefaultConfig().%s = %v, want %v: %s", c.name, c.got, c.want, c.why)
		}
	}
}

// defaultsRig is a rig at DefaultConfig, signed in by email, with helpers
// to ask for and present step-up codes by email. sent counts the step-up
// code mails: the login's code came from another budget (that of unknown
// devices), a session's step-up codes come from its own.
type defaultsRig struct {
	*rig
	p    *core.Principal
	sent int
}

func newDefaultsRig(t *testing.T, who string) *defaultsRig {
	r := newRig(t)
	if got, d := r.Svc.Config(), core.DefaultConfig(); got != d {
		t.Fatalf("Service config %+v, want DefaultConfig %+v", got, d)
	}
	r.signUp(who)
	return &defaultsRig{rig: r, p: r.session(who)}
}

// ask asks for a step-up code by email and counts it when it was mailed.
func (r *defaultsRig) ask() error {
	err := r.Svc.ConfirmIdentity(context.Background(), r.p, core.Proof{Method: core.MethodEmail}, r.meta)
	if e, ok := core.AsError(err); ok && e.Code == core.CodeTwoFactorRequired && e.Proof != nil && e.Proof.CodeSent {
		r.sent++
		return nil
	}
	return err
}

// prove presents a step-up code.
func (r *defaultsRig) prove(code string) error {
	return r.Svc.ConfirmIdentity(context.Background(), r.p, core.Proof{Method: core.MethodEmail, Code: code}, r.meta)
}

// TestServiceUsesDefaultEmailCodeLifetime: a Service built with
// DefaultConfig, as twofa serve builds it without flags, keeps an email code
// for EmailCodeTTL and no longer.
func TestServiceUsesDefaultEmailCodeLifetime(t *testing.T) {
	const who = "default-ttl@example.com"
	r := newDefaultsRig(t, who)
	ttl := core.DefaultConfig().EmailCodeTTL
	if err := r.ask(); err != nil {
		t.Fatal(err)
	}
	code := r.MailedCode(who)
	r.Clock.Advance(ttl - time.Second)
	if err := r.prove(code); err != nil {
		t.Fatalf("a code %s old was refused, the lifetime is %s: %v", ttl-time.Second, ttl, err)
	}
	if err := r.ask(); err != nil {
		t.Fatal(err)
	}
	code = r.MailedCode(who)
	r.Clock.Advance(ttl + time.Second)
	if err := r.prove(code); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("a code %s old: %v, want %s", ttl+time.Second, err, core.CodeTwoFactorInvalid)
	}
}

// TestServiceUsesDefaultMailsPerAccount: a Service built with DefaultConfig
// mails one session of an account MailUserLimit.Free step-up codes and then
// refuses.
func TestServiceUsesDefaultMailsPerAccount(t *testing.T) {
	r := newDefaultsRig(t, "default-mails@example.com")
	free := core.DefaultConfig().MailUserLimit.Free
	var err error
	for r.sent <= 10*free {
		if err = r.ask(); err != nil {
			break
		}
	}
	if errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("after %d code mails: %v, want %s", r.sent, err, core.CodeTooManyAttempts)
	}
	if r.sent != free {
		t.Errorf("one session got %d step-up code mails before the refusal, want MailUserLimit.Free = %d", r.sent, free)
	}
}
