package core_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

const thirtyDays = 30 * 24 * time.Hour

func TestPolicyLockAfter(t *testing.T) {
	p := core.Policy{Free: 5, Base: time.Minute, Max: 4 * time.Hour}
	want := map[int]time.Duration{1: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute, 12: 128 * time.Minute, 13: 4 * time.Hour, 100: 4 * time.Hour}
	for n, d := range want {
		if got := p.LockAfter(n); got != d {
			t.Errorf("LockAfter(%d) = %s, want %s", n, got, d)
		}
	}
}

// TestGuessingBound plays a stranger who knows the password and guesses
// TOTP codes as fast as the limits allow for 30 days, with an injected
// clock, from many addresses and with every device token a stranger can
// hold (none, a made-up one, and a known device of the stranger's own
// account). It proves that every such guess counts against the one record
// all unknown devices of the account share, that the number of guesses the
// server evaluates equals the documented bound, that the chance of success
// (3 codes valid per guess, with one step of clock skew either way) stays
// under 1 in 1,000, and that the owner's known device is never locked by
// it.
func TestGuessingBound(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const victim = "victim@example.com"
	r.signUp(victim)
	ownerToken, ownerKnown := r.sessionKnown(victim, "")
	p, err := r.Svc.Authenticate(ctx, ownerToken)
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := r.enableTOTP(p)
	const stranger = "stranger@example.com"
	r.signUp(stranger)
	_, strangerKnown := r.sessionKnown(stranger, "")
	tokens := []string{"", "made-up-token", strangerKnown}

	policy := core.DefaultConfig().SecondFactorLimit
	bound := policy.MaxAttempts(thirtyDays)
	if bound != 191 {
		t.Fatalf("bound with the default policy = %d; SECURITY.md states 191: update both together", bound)
	}
	chance := float64(bound) * 3 / 1e6
	if chance >= 1.0/1000 {
		t.Fatalf("chance %.5f is not under 1/1000", chance)
	}

	start := r.Clock.Now()
	evaluated, locked, logins := 0, 0, 0
	var challenge string
	for r.Clock.Now().Sub(start) < thirtyDays {
		meta := core.ClientMeta{IP: fmt.Sprintf("198.51.100.%d", logins%250+1), UserAgent: "stranger"}
		if challenge == "" {
			logins++
			res, err := r.Svc.Login(ctx, core.LoginInput{Email: victim, Password: pw, KnownDevice: tokens[logins%len(tokens)]}, meta)
			if e, ok := core.AsError(err); ok && e.Code == core.CodeTooManyAttempts {
				locked++
				r.Clock.Advance(e.RetryAfter)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			challenge = res.Challenge.Token
		}
		code := coretest.WrongTOTP(t, sec, r.Clock.Now())
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: challenge, Method: core.MethodTOTP, Code: code}, meta)
		switch errCode(err) {
		case core.CodeTwoFactorInvalid:
			evaluated++
			if evaluated > bound {
				t.Fatalf("guess %d was evaluated; the bound is %d", evaluated, bound)
			}
		case core.CodeTooManyAttempts:
			locked++
			e, _ := core.AsError(err)
			if e.RetryAfter <= 0 {
				t.Fatal("429 without a retry time")
			}
			r.Clock.Advance(e.RetryAfter)
		case core.CodeChallengeExpired:
			challenge = ""
		default:
			t.Fatalf("unexpected answer: %v", err)
		}
	}
	if evaluated != bound {
		t.Fatalf("stranger got %d guesses evaluated in 30 days, bound is %d", evaluated, bound)
	}
	if locked == 0 {
		t.Fatal("the stranger was never locked out")
	}
	t.Logf("30 days: %d guesses evaluated, %d refused while locked, chance of success %.2e", evaluated, locked, chance)

	// One more wrong guess locks again: the record is never forgotten.
	ch := r.login(victim)
	_, err = r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.WrongTOTP(t, sec, r.Clock.Now())}, r.meta)
	if errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("guess after the lock ended: %v", err)
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: victim, Password: pw}, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("login while locked: %v", err)
	}
	// The owner's known device was never locked by any of it.
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: victim, Password: pw, KnownDevice: ownerKnown}, r.meta)
	if err != nil || res.Challenge == nil {
		t.Fatalf("owner's known device after 30 days of guessing: %v", err)
	}
	r.Clock.Advance(30 * time.Second)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
		t.Fatalf("owner's right code on a known device: %v", err)
	}
}

// TestMaxAttemptsCountsDecay: a decay no longer than the longest lock
// starts the record over, and the bound says so, so that a decay added to
// the second-factor policy breaks TestGuessingBound's figure.
func TestMaxAttemptsCountsDecay(t *testing.T) {
	p := core.DefaultConfig().SecondFactorLimit
	without := p.MaxAttempts(thirtyDays)
	p.Decay = time.Hour
	if with := p.MaxAttempts(thirtyDays); with <= without*10 {
		t.Fatalf("MaxAttempts with a 1h decay = %d, without = %d; a decay under the longest lock must raise it a lot", with, without)
	}
	p.Decay = 60 * 24 * time.Hour
	if with := p.MaxAttempts(thirtyDays); with != without {
		t.Fatalf("MaxAttempts with a decay longer than the period = %d, want %d", with, without)
	}
}

// TestSecondFactorCountNeverDecays: wrong codes are never forgotten with
// time: 60 days after five wrong codes, one more locks again at once. A
// decay on the second-factor record would let a stranger start over every
// so often and break the 30-day bound.
func TestSecondFactorCountNeverDecays(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "nodecay@example.com"
	r.signUp(who)
	sec, _ := r.enableTOTP(r.session(who))
	ch := r.login(who)
	for i := range 5 {
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.WrongTOTP(t, sec, r.Clock.Now())}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	r.Clock.Advance(60 * 24 * time.Hour)
	ch = r.login(who)
	_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.WrongTOTP(t, sec, r.Clock.Now())}, r.meta)
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeTwoFactorInvalid || e.AttemptsLeft == nil || *e.AttemptsLeft != 0 {
		t.Fatalf("a wrong code 60 days later: %v; want 2fa-invalid with no attempts left", err)
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("login after a wrong code 60 days later: %v; want the lock at once", err)
	}
}

// TestLockRefusesCorrectCode: a correct code does not get past a lock, and
// works once the lock has passed.
func TestLockRefusesCorrectCode(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "locked@example.com"
	r.signUp(who)
	p := r.session(who)
	sec, _ := r.enableTOTP(p)
	r.Clock.Advance(time.Minute)
	first, second := r.login(who), r.login(who)
	for i := range 5 {
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: first.Token, Method: core.MethodTOTP, Code: coretest.WrongTOTP(t, sec, r.Clock.Now())}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	right := core.SecondStep{Challenge: second.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}
	_, err := r.Svc.CompleteLogin(ctx, right, r.meta)
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeTooManyAttempts || e.RetryAfter != time.Minute {
		t.Fatalf("right code while locked: %v", err)
	}
	// The challenge the wrong codes spent answers with the lock too, not
	// as merely expired, so the client learns when to try again.
	spent := core.SecondStep{Challenge: first.Token, Method: core.MethodTOTP, Code: right.Code}
	if _, err := r.Svc.CompleteLogin(ctx, spent, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("right code on the spent challenge while locked: %v, want too-many-attempts", err)
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("login while locked: %v", err)
	}
	r.waitSubject(who, "locked")

	r.Clock.Advance(time.Minute)
	if _, err := r.Svc.CompleteLogin(ctx, spent, r.meta); errCode(err) != core.CodeChallengeExpired {
		t.Fatalf("spent challenge after the lock passed: %v, want challenge-expired", err)
	}
	right.Code = coretest.TOTPCode(t, sec, r.Clock.Now())
	if _, err := r.Svc.CompleteLogin(ctx, right, r.meta); err != nil {
		t.Fatalf("right code after the lock passed: %v", err)
	}
}

// TestLoginBurstFromOneAddress: wrong passwords sent in parallel from one
// address are counted before they are checked, so no more than the free
// attempts get evaluated; right passwords take their count back.
func TestLoginBurstFromOneAddress(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	const who = "burst@example.com"
	r.signUp(who)
	// Right passwords do not use up the address's allowance.
	for range 15 {
		if _, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta); err != nil {
			t.Fatalf("right password: %v", err)
		}
	}
	evaluated, limited := burst(t, 40, core.CodeInvalidCredentials, func(int) error {
		_, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: "wrong password!"}, r.meta)
		return err
	})
	free := core.DefaultConfig().LoginLimit.Free
	if evaluated != free || limited != 40-free {
		t.Fatalf("%d wrong passwords evaluated and %d limited; want %d and %d", evaluated, limited, free, 40-free)
	}
	evs, err := r.Store.Events(ctx, mustUser(t, r, who).ID, core.EventCursor{}, 50)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, e := range evs {
		if e.Type == core.EventLoginFailed {
			failed++
		}
	}
	if failed != free {
		t.Fatalf("%d login-failed events, want %d", failed, free)
	}
}

// burst makes n attempts at once and counts the answers: evaluated (the
// wrong guess's error code) and limited (too many attempts); any other
// answer fails the test.
func burst(t *testing.T, n int, wrongCode string, attempt func(i int) error) (evaluated, limited int) {
	t.Helper()
	var e, l atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			switch err := attempt(i); errCode(err) {
			case wrongCode:
				e.Add(1)
			case core.CodeTooManyAttempts:
				l.Add(1)
			default:
				t.Errorf("unexpected: %v", err)
			}
		})
	}
	wg.Wait()
	return int(e.Load()), int(l.Load())
}

func mustUser(t *testing.T, r *rig, email string) *core.User {
	t.Helper()
	u, err := r.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestRightPasswordAfterLockLeavesNoLock: a right current password proves
// no second factor, so it takes its attempt back instead of clearing the
// count. Taking it back must restore the record exactly: charging it had
// set a new, longer lock, which must not stay behind.
func TestRightPasswordAfterLockLeavesNoLock(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "relock@example.com"
	r.signUp(who)
	p := r.session(who)
	r.wrongPasswords(p, 5)       // the 5th locks the session's record for a minute
	r.Clock.Advance(time.Minute) // the lock of the 5th failure passes
	if err := r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta); err != nil {
		t.Fatalf("right current password after the lock: %v", err)
	}
	th, err := r.Store.Throttle(ctx, "2fa-session:"+p.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if th.Failures != 5 || r.Clock.Now().Before(th.LockedUntil) {
		t.Fatalf("after a right password: %d failures, locked until %v (now %v); want 5 and no lock", th.Failures, th.LockedUntil, r.Clock.Now())
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: "another long password"}, r.meta); err != nil {
		t.Fatalf("login after a right password: %v", err)
	}
}
