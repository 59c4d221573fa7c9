package core_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

var undoTokenRe = regexp.MustCompile(`/email/undo\?token=([A-Za-z0-9_-]+)`)

// changeEmail moves the account from addr to next with a mailed proof and
// returns the undo token mailed to addr.
func (r *rig) changeEmail(p *core.Principal, addr, next string) string {
	r.t.Helper()
	ctx := context.Background()
	if _, err := r.Svc.RequestEmailChange(ctx, p, next, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		r.t.Fatalf("asking for a proof: %v", err)
	}
	if _, err := r.Svc.RequestEmailChange(ctx, p, next, core.Proof{Method: core.MethodEmail, Code: r.MailedCode(addr)}, r.meta); err != nil {
		r.t.Fatal(err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, next, r.MailedCode(next), r.meta); err != nil {
		r.t.Fatal(err)
	}
	m := r.WaitMail(addr, regexp.MustCompile("email address was changed"))
	tok := undoTokenRe.FindStringSubmatch(m.Text)
	if tok == nil {
		r.t.Fatalf("no undo link in %q", m.Text)
	}
	return tok[1]
}

// twoChanges moves an account with an authenticator app from a to b and
// then to c, and returns the rig and the undo tokens mailed to a and to b.
// The second change is proved with the app: while the first can be undone,
// the new address proves nothing.
func twoChanges(t *testing.T, a, b, c string) (r *rig, first, second string) {
	r = newRig(t)
	ctx := context.Background()
	r.signUp(a)
	token := r.sessionToken(a)
	p, _ := r.Svc.Authenticate(ctx, token)
	sec, _ := r.enableTOTP(p)
	p, _ = r.Svc.Authenticate(ctx, token)
	first = r.changeEmail(p, a, b)
	if _, err := r.Svc.RequestEmailChange(ctx, p, c, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Fatalf("second change without proof: %v", err)
	}
	if _, err := r.Svc.RequestEmailChange(ctx, p, c, core.Proof{Method: core.MethodEmail, Code: "123-456"}, r.meta); errCode(err) != core.CodeMethodUnavailable {
		t.Fatalf("second change proved by the new address: %v, want %s", err, core.CodeMethodUnavailable)
	}
	r.Clock.Advance(30 * time.Second)
	if _, err := r.Svc.RequestEmailChange(ctx, p, c, core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, c, r.MailedCode(c), r.meta); err != nil {
		t.Fatal(err)
	}
	m := r.WaitMail(b, regexp.MustCompile("email address was changed"))
	return r, first, undoTokenRe.FindStringSubmatch(m.Text)[1]
}

// TestUndoEndsLaterUndoLinks: after two changes (a to b, then b to c), the
// owner's link puts a back, and the link mailed to b can no longer put b
// back over it.
func TestUndoEndsLaterUndoLinks(t *testing.T) {
	const a, b, c = "a@example.com", "b@example.net", "c@example.net"
	r, first, second := twoChanges(t, a, b, c)
	ctx := context.Background()
	if got, err := r.Svc.UndoEmailChange(ctx, first, r.meta); err != nil || got != a {
		t.Fatalf("undo of the first change = %q, %v", got, err)
	}
	if _, err := r.Svc.UndoEmailChange(ctx, second, r.meta); errCode(err) != core.CodeUndoInvalid {
		t.Fatalf("the second change's link after the first was undone: %v", err)
	}
	if _, err := r.Store.UserByEmail(ctx, a); err != nil {
		t.Fatalf("the account is not under %s: %v", a, err)
	}
}

// TestLaterUndoCannotCancelOwnersLink: whoever moved the address on (b to
// c) and then uses the link mailed to b cannot cancel the owner's link to
// a; the owner's link still puts a back.
func TestLaterUndoCannotCancelOwnersLink(t *testing.T) {
	const a, b, c = "a@example.com", "b@example.net", "c@example.net"
	r, first, second := twoChanges(t, a, b, c)
	ctx := context.Background()
	if got, err := r.Svc.UndoEmailChange(ctx, second, r.meta); err != nil || got != b {
		t.Fatalf("undo of the second change = %q, %v", got, err)
	}
	if got, err := r.Svc.UndoEmailChange(ctx, first, r.meta); err != nil || got != a {
		t.Fatalf("the owner's link after the later one was used = %q, %v; want %s back", got, err, a)
	}
}
