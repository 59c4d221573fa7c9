package core_test

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestLoginCodeBoundToItsChallenge: an email code mailed for one login
// challenge is refused on another open challenge of the same account, both
// ways round, and still works on its own. Otherwise whoever holds the
// password could open a challenge of their own and finish it with a code
// the owner is about to type, or one read over the owner's shoulder.
func TestLoginCodeBoundToItsChallenge(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "bound-login@example.com"
	r.signUp(who)
	a := r.login(who)
	codeA := r.MailedCode(who)
	b := r.login(who)
	codeB := r.MailedCode(who)
	if codeA == codeB {
		t.Skip("the two challenges drew the same code (one in a million); run again")
	}

	for _, c := range []struct {
		name, challenge, code string
	}{
		{"the second challenge's code on the first", a.Token, codeB},
		{"the first challenge's code on the second", b.Token, codeA},
	} {
		s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: c.challenge, Method: core.MethodEmail, Code: c.code}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid || s != nil {
			t.Errorf("%s: got session %v, error %v; want %s", c.name, s != nil, err, core.CodeTwoFactorInvalid)
		}
	}
	for _, c := range []struct {
		name, challenge, code string
	}{
		{"first", a.Token, codeA},
		{"second", b.Token, codeB},
	} {
		if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: c.challenge, Method: core.MethodEmail, Code: c.code}, r.meta); err != nil {
			t.Errorf("the %s challenge's own code: %v", c.name, err)
		}
	}
}
