package server

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestKelvinSignIsAnotherAccount: through the API, kate@example.com and
// the same address with KELVIN SIGN (U+212A) for its k are two accounts,
// and neither one's password logs into the other.
func TestKelvinSignIsAnotherAccount(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	const kate, kelvin = "kate@example.com", "\u212Aate@example.com"
	const katePw, kelvinPw = "kate's own password", "kelvin's own password"
	for addr, pw := range map[string]string{kate: katePw, kelvin: kelvinPw} {
		e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{"email": addr, "password": pw, "name": "K"}), 201, "")
	}
	for _, c := range []struct{ email, password, want string }{
		{kate, katePw, kate},
		{"KATE@Example.com", katePw, kate},
		{kelvin, kelvinPw, kelvin},
		{kelvin, katePw, ""},
		{kate, kelvinPw, ""},
	} {
		r := e.call("POST", "/api/v1/login", "", map[string]string{"email": c.email, "password": c.password})
		if c.want == "" {
			e.expect(r, 401, "invalid-credentials")
			continue
		}
		e.expect(r, 200, "")
		me := e.expect(e.call("GET", "/api/v1/me", r.str("token"), nil), 200, "")
		if got := me.str("email"); got != c.want {
			t.Errorf("login %+q opened the account of %+q, want %+q", c.email, got, c.want)
		}
	}
}
