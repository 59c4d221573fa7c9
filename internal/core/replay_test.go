package core_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestConcurrentTOTPReplay sends one valid TOTP code to 50 login
// challenges of the same account at the same instant: exactly one login
// succeeds, because the step is consumed by one atomic store operation.
func TestConcurrentTOTPReplay(t *testing.T) {
	r := newRig(t, func(c *core.Config) {
		// The guessing limit is not what this test is about: give it room
		// so every refusal below is a replay refusal.
		c.SecondFactorLimit.Free = 1000
	})
	ctx := context.Background()
	const who = "race@example.com"
	r.signUp(who)
	sec, _ := r.enableTOTP(r.session(who))
	r.Clock.Advance(30 * time.Second)

	const n = 50
	challenges := make([]string, n)
	for i := range challenges {
		challenges[i] = r.login(who).Token
	}
	code := coretest.TOTPCode(t, sec, r.Clock.Now())
	var ok, replayed atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, ch := range challenges {
		wg.Go(func() {
			<-start
			_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch, Method: core.MethodTOTP, Code: code}, r.meta)
			switch errCode(err) {
			case "":
				ok.Add(1)
			case core.CodeTwoFactorInvalid:
				replayed.Add(1)
			default:
				t.Errorf("unexpected answer: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if ok.Load() != 1 || replayed.Load() != n-1 {
		t.Fatalf("%d logins succeeded and %d were refused; want 1 and %d", ok.Load(), replayed.Load(), n-1)
	}
}

// TestConcurrentRecoveryCode: one recovery code sent 50 times at once
// signs in once.
func TestConcurrentRecoveryCode(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.SecondFactorLimit.Free = 1000 })
	ctx := context.Background()
	const who = "race-recovery@example.com"
	r.signUp(who)
	_, codes := r.enableTOTP(r.session(who))
	const n = 50
	challenges := make([]string, n)
	for i := range challenges {
		challenges[i] = r.login(who).Token
	}
	var ok atomic.Int32
	var wg sync.WaitGroup
	for _, ch := range challenges {
		wg.Go(func() {
			if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch, Method: core.MethodRecovery, Code: codes[0]}, r.meta); err == nil {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Fatalf("recovery code accepted %d times, want once", ok.Load())
	}
}

// TestConcurrentEmailCode: one email code sent 20 times at once to its
// challenge signs in once.
func TestConcurrentEmailCode(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.SecondFactorLimit.Free = 1000 })
	ctx := context.Background()
	const who = "race-email@example.com"
	r.signUp(who)
	ch := r.login(who)
	code := r.MailedCode(who)
	var ok atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta); err == nil {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Fatalf("email code accepted %d times, want once", ok.Load())
	}
}
