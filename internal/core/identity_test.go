package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestConfirmIdentity: a stale session proves a second factor on its own,
// and the password change sent afterwards needs no proof.
func TestConfirmIdentity(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "confirm@example.com"
	r.signUp(who)
	tok := r.sessionToken(who)
	r.Clock.Advance(31 * time.Minute)
	p, err := r.Svc.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	const next = "a brand new passphrase"
	if err := r.Svc.ChangePassword(ctx, p, pw, next, core.Proof{}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Fatalf("stale session: %v", err)
	}
	r.MailedCode(who)
	err = r.Svc.ConfirmIdentity(ctx, p, core.Proof{}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorRequired || e.Proof == nil || !e.Proof.CodeSent {
		t.Fatalf("without a code: %v", err)
	}
	code := r.MailedCode(who)
	wrong := "000-000"
	if code == wrong {
		wrong = "111-111"
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: wrong}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("wrong code: %v", err)
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: code}, r.meta); err != nil {
		t.Fatalf("right code: %v", err)
	}
	p, err = r.Svc.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.ChangePassword(ctx, p, pw, next, core.Proof{}, r.meta); err != nil {
		t.Fatalf("after confirming: %v", err)
	}
}
