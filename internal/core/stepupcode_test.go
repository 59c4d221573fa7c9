package core_test

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestStepUpCodeBoundToItsSession: an email code mailed to confirm a
// change in one session is refused in another session of the same account,
// both ways round, and still works in its own. Otherwise a stolen session
// could spend the code the owner asked for in theirs.
func TestStepUpCodeBoundToItsSession(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "bound-stepup@example.com"
	r.signUp(who)
	first, second := r.session(who), r.session(who)

	askCode := func(p *core.Principal) string {
		t.Helper()
		err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail}, r.meta)
		e, ok := core.AsError(err)
		if !ok || e.Code != core.CodeTwoFactorRequired || e.Proof == nil || !e.Proof.CodeSent {
			t.Fatalf("asking for a step-up code: %v", err)
		}
		return r.MailedCode(who)
	}
	codeFirst := askCode(first)
	codeSecond := askCode(second)
	if codeFirst == codeSecond {
		t.Skip("the two sessions drew the same code (one in a million); run again")
	}

	for _, c := range []struct {
		name string
		p    *core.Principal
		code string
	}{
		{"the second session's code in the first", first, codeSecond},
		{"the first session's code in the second", second, codeFirst},
	} {
		err := r.Svc.ConfirmIdentity(ctx, c.p, core.Proof{Method: core.MethodEmail, Code: c.code}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Errorf("%s: %v, want %s", c.name, err, core.CodeTwoFactorInvalid)
		}
	}
	for _, c := range []struct {
		name string
		p    *core.Principal
		code string
	}{
		{"first", first, codeFirst},
		{"second", second, codeSecond},
	} {
		if err := r.Svc.ConfirmIdentity(ctx, c.p, core.Proof{Method: core.MethodEmail, Code: c.code}, r.meta); err != nil {
			t.Errorf("the %s session's own code: %v", c.name, err)
		}
	}
}
