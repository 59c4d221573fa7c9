package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestBusyIsNotAGuess: a password check refused because the hasher is busy
// takes back the attempt the account's guessing limit charged for it, so
// load cannot lock anyone out.
func TestBusyIsNotAGuess(t *testing.T) {
	r := newRig(t)
	const who = "busy@example.com"
	r.signUp(who)
	p := r.session(who)
	ctx := context.Background()
	for d := 500 * time.Millisecond; ; d *= 2 {
		done := r.SaturateHasher(d)
		err := r.Svc.ChangePassword(ctx, p, pw, "another long password", core.Proof{}, r.meta)
		select {
		case <-done:
			if d >= 8*time.Second {
				t.Fatal("the slots came free before the request was answered, even at 8 s")
			}
			continue
		default:
		}
		<-done
		if errCode(err) != core.CodeBusy {
			t.Fatalf("change password while busy: %v, want busy", err)
		}
		break
	}
	th, err := r.Store.Throttle(ctx, "2fa:"+p.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	if th.Failures != 0 {
		t.Fatalf("the busy answer left %d attempts counted", th.Failures)
	}
}
