package core_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
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

// TestUndoEndsEveryUndoLink: after two changes (a to b, then b to c), the
// owner's link puts a back, and the link mailed to b can no longer put b
// back over it.
func TestUndoEndsEveryUndoLink(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const a, b, c = "a@example.com", "b@example.net", "c@example.net"
	r.signUp(a)
	token := r.sessionToken(a)
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	first := r.changeEmail(p, a, b)
	second := r.changeEmail(p, b, c)
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
