package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestBusyIsNotAGuess: a password check refused because the hasher is busy
// counts nothing against the account's guessing limit, and leaves a lock
// that had passed passed, so load cannot lock anyone out.
func TestBusyIsNotAGuess(t *testing.T) {
	r := newRig(t)
	const who = "busy@example.com"
	r.signUp(who)
	p := r.session(who)
	ctx := context.Background()
	r.wrongPasswords(p, 5) // the 5th locks the session's record for a minute
	// The lock this test is about exists: the right password is refused
	// until it passes.
	err := r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTooManyAttempts || e.RetryAfter != time.Minute {
		t.Fatalf("right current password under the lock of 5 failures: %v; want too-many-attempts for 1m", err)
	}
	r.Clock.Advance(time.Minute) // the lock of the 5th failure passes
	before, err := r.Store.Throttle(ctx, "2fa-session:"+p.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if before.Failures != 5 || before.LockedUntil.IsZero() {
		t.Fatalf("record before the busy answer: %d failures, locked until %v; want 5 and a lock", before.Failures, before.LockedUntil)
	}
	release := r.SaturateHasher()
	err = r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta)
	release()
	if errCode(err) != core.CodeBusy {
		t.Fatalf("change password while busy: %v, want busy", err)
	}
	after, err := r.Store.Throttle(ctx, "2fa-session:"+p.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Failures != before.Failures || !after.LockedUntil.Equal(before.LockedUntil) {
		t.Fatalf("a busy answer changed the limit: %d failures locked until %v, was %d until %v",
			after.Failures, after.LockedUntil, before.Failures, before.LockedUntil)
	}
	if err := r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta); err != nil {
		t.Fatalf("right current password once the hasher is free: %v", err)
	}
}

// busyAfterCharge is a store that, once armed, saturates the password
// hasher right after the first attempt counted against a key with the
// armed prefix: the hasher turns busy between the count and the check, as
// it can under load.
type busyAfterCharge struct {
	core.Store
	prefix   string
	saturate func()
}

func (s *busyAfterCharge) SwapThrottle(ctx context.Context, old, next core.Throttle) (bool, error) {
	ok, err := s.Store.SwapThrottle(ctx, old, next)
	if ok && s.saturate != nil && strings.HasPrefix(next.Key, s.prefix) && next.Failures > old.Failures {
		s.saturate()
		s.saturate = nil
	}
	return ok, err
}

// TestBusyAfterChargeIsNotAGuess: when the hasher turns busy after the
// attempt was counted, the guard takes the attempt back exactly: the
// second-factor record keeps its count and its passed lock, and the
// login address's record is left as it was.
func TestBusyAfterChargeIsNotAGuess(t *testing.T) {
	bs := &busyAfterCharge{}
	r := newRigWith(t, func(s core.Store) core.Store { bs.Store = s; return bs })
	const who = "busy-race@example.com"
	r.signUp(who)
	p := r.session(who)
	ctx := context.Background()
	r.wrongPasswords(p, 5)       // the 5th locks the session's record for a minute
	r.Clock.Advance(time.Minute) // the lock of the 5th failure passes
	key := "2fa-session:" + p.Session.ID
	before, err := r.Store.Throttle(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if before.Failures != 5 || before.LockedUntil.IsZero() {
		t.Fatalf("record before: %d failures, locked until %v; want 5 and a lock", before.Failures, before.LockedUntil)
	}
	var release func()
	bs.prefix, bs.saturate = "2fa-session:", func() { release = r.SaturateHasher() }
	err = r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta)
	release()
	if errCode(err) != core.CodeBusy {
		t.Fatalf("change password turned busy after the count: %v, want busy", err)
	}
	after, err := r.Store.Throttle(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if after.Failures != before.Failures || !after.LockedUntil.Equal(before.LockedUntil) {
		t.Fatalf("a busy answer changed the second-factor record: %d failures locked until %v, was %d until %v",
			after.Failures, after.LockedUntil, before.Failures, before.LockedUntil)
	}

	addrKey := "login-ip:" + r.meta.IP
	before, err = r.Store.Throttle(ctx, addrKey)
	if err != nil {
		t.Fatal(err)
	}
	bs.prefix, bs.saturate = "login-ip:", func() { release = r.SaturateHasher() }
	_, err = r.Svc.Login(ctx, core.LoginInput{Email: who, Password: "not the password!"}, r.meta)
	release()
	if errCode(err) != core.CodeBusy {
		t.Fatalf("login turned busy after the count: %v, want busy", err)
	}
	after, err = r.Store.Throttle(ctx, addrKey)
	if err != nil {
		t.Fatal(err)
	}
	if after.Failures != before.Failures {
		t.Fatalf("a busy login counted against the address: %d failures, was %d", after.Failures, before.Failures)
	}
}
