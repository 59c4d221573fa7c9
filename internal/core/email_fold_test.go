package core_test

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// kelvin is kate@example.com with its k written as KELVIN SIGN (U+212A),
// which Unicode lower-cases to an ASCII k.
const kelvin = "\u212Aate@example.com"

// TestEmailFoldingKeepsMailboxesApart: only ASCII letters are folded, so
// an address with KELVIN SIGN is its own account, at sign-up, at login and
// in an email change, and neither account's password opens the other.
func TestEmailFoldingKeepsMailboxesApart(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	const katePw, kelvinPw = "kate's own password", "kelvin's own password"
	kate, err := r.Svc.SignUp(ctx, core.SignUpInput{Email: " Kate@Example.COM ", Password: katePw, Name: "Kate"}, r.meta)
	if err != nil {
		t.Fatal(err)
	}
	if kate.Email != "kate@example.com" {
		t.Fatalf("ASCII case and spaces not folded: stored %q", kate.Email)
	}
	k, err := r.Svc.SignUp(ctx, core.SignUpInput{Email: kelvin, Password: kelvinPw, Name: "Kelvin"}, r.meta)
	if err != nil {
		t.Fatalf("sign-up with the KELVIN SIGN address: %v, want a second account", err)
	}
	if k.Email != kelvin || k.ID == kate.ID {
		t.Fatalf("KELVIN SIGN address stored as %+q (id %s, kate's %s)", k.Email, k.ID, kate.ID)
	}
	if _, err := r.Svc.SignUp(ctx, core.SignUpInput{Email: "KATE@example.com", Password: katePw, Name: "K"}, r.meta); errCode(err) != core.CodeEmailTaken {
		t.Fatalf("ASCII upper case of a taken address: %v, want email-taken", err)
	}

	login := func(email, password string) (*core.LoginResult, error) {
		return r.Svc.Login(ctx, core.LoginInput{Email: email, Password: password}, r.meta)
	}
	for _, c := range []struct{ email, password, wantID string }{
		{"KATE@example.com", katePw, kate.ID},
		{kelvin, kelvinPw, k.ID},
		{kelvin, katePw, ""},
		{"kate@example.com", kelvinPw, ""},
	} {
		res, err := login(c.email, c.password)
		switch {
		case c.wantID == "" && errCode(err) != core.CodeInvalidCredentials:
			t.Errorf("login %+q with the other account's password: %v, want invalid-credentials", c.email, err)
		case c.wantID != "" && (err != nil || res.Session == nil || res.Session.User.ID != c.wantID):
			t.Errorf("login %+q: %v, want a session of %s", c.email, err, c.wantID)
		}
	}

	// Kate cannot move to the KELVIN SIGN address: it is another account's.
	p, err := r.Svc.Authenticate(ctx, mustSession(t, login, "kate@example.com", katePw))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.RequestEmailChange(ctx, p, kelvin, core.Proof{}, r.meta); errCode(err) != core.CodeEmailTaken {
		t.Fatalf("email change to the KELVIN SIGN address: %v, want email-taken", err)
	}
}

func mustSession(t *testing.T, login func(string, string) (*core.LoginResult, error), email, password string) string {
	t.Helper()
	res, err := login(email, password)
	if err != nil || res.Session == nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return res.Session.Token
}
