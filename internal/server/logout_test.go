package server

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestLogoutEndsEverySessionNamed: a browser behind a proxy with Basic
// auth sends its cookie with a foreign Authorization header, and a client
// may send a stale Bearer token beside a live cookie; logout ends the
// live session either way, not just answer 204.
func TestLogoutEndsEverySessionNamed(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	e.signUp("out@example.com")
	login := func() string {
		return e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "out@example.com", "password": testPassword}), 200, "").str("token")
	}

	live := login()
	e.expect(e.call("GET", "/api/v1/me", "", nil, "Authorization", "Basic dXNlcjpwYXNz", "Cookie", "twofa_session="+live), 200, "")
	r := e.expect(e.call("POST", "/api/v1/logout", "", nil, "Authorization", "Basic dXNlcjpwYXNz", "Cookie", "twofa_session="+live), 204, "")
	if c := r.header.Get("Set-Cookie"); c == "" {
		t.Error("logout did not clear the cookie")
	}
	e.expect(e.call("GET", "/api/v1/me", live, nil), 401, "unauthenticated")

	stale, cookie, bearer := login(), login(), login()
	e.expect(e.call("POST", "/api/v1/logout", stale, nil), 204, "")
	e.expect(e.call("POST", "/api/v1/logout", stale, nil, "Cookie", "twofa_session="+cookie), 204, "")
	e.expect(e.call("GET", "/api/v1/me", cookie, nil), 401, "unauthenticated")
	other := login()
	e.expect(e.call("POST", "/api/v1/logout", bearer, nil, "Cookie", "twofa_session="+other), 204, "")
	e.expect(e.call("GET", "/api/v1/me", bearer, nil), 401, "unauthenticated")
	e.expect(e.call("GET", "/api/v1/me", other, nil), 401, "unauthenticated")
}
