package core_test

import (
	"context"
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
	for range 5 {
		_ = r.Svc.ChangePassword(ctx, p, "not the password!", "another long password", core.Proof{}, r.meta)
	}
	r.Clock.Advance(time.Minute) // the lock of the 5th failure passes
	before, err := r.Store.Throttle(ctx, "2fa:"+p.User.ID+":"+p.Session.KnownDeviceID)
	if err != nil {
		t.Fatal(err)
	}
	release := r.SaturateHasher()
	err = r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta)
	release()
	if errCode(err) != core.CodeBusy {
		t.Fatalf("change password while busy: %v, want busy", err)
	}
	after, err := r.Store.Throttle(ctx, "2fa:"+p.User.ID+":"+p.Session.KnownDeviceID)
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
