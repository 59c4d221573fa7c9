package server

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// fastPhone is the code an authenticator app whose clock runs 30 seconds
// ahead shows now, made by oathtool (an implementation independent of
// twofa's), 90 seconds (three time steps) after the last one, so that no
// code is of a step used before.
func (e *env) fastPhone(secret string) string {
	e.t.Helper()
	e.Clock.Advance(90 * time.Second)
	return coretest.OathtoolCode(e.t, secret, e.Clock.Now().Add(30*time.Second))
}

// totpLoginAPI logs addr in with a TOTP code through the API and returns
// the answer.
func (e *env) totpLoginAPI(addr, code string) reply {
	e.t.Helper()
	r := e.expect(e.login(addr, testPassword, ""), 401, "2fa-required")
	return e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{
		"challenge": r.str("challenge"), "method": "totp", "code": code}), 200, "")
}

// TestAPIClockDrift: GET /api/v1/me shows totpClockDrift null while the
// app's codes come on time, and 30 seconds (ahead) once three logins in a
// row used codes of a phone 30 seconds fast; the login that found it
// shows it too.
func TestAPIClockDrift(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const addr = "fast@example.com"
		e.signUp(addr)
		token := e.loginEmail(addr)
		secret, _ := e.enableTOTP(token)
		me := e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
		if v, ok := me.body["totpClockDrift"]; !ok || v != nil {
			t.Fatalf("GET /me with codes on time: totpClockDrift %v (present %v), want null", v, ok)
		}

		var last reply
		for range 3 {
			last = e.totpLoginAPI(addr, e.fastPhone(secret))
		}
		found := e.Clock.Now().UTC().Format(time.RFC3339)
		me = e.expect(e.call("GET", "/api/v1/me", last.str("token"), nil), 200, "")
		for what, body := range map[string]map[string]any{"GET /me": me.body, "the login": userOf(last)} {
			d, _ := body["totpClockDrift"].(map[string]any)
			if d == nil || d["seconds"] != float64(30) || d["since"] != found {
				t.Fatalf("%s after three codes 30 s early: totpClockDrift %v, want seconds 30 since %s", what, body["totpClockDrift"], found)
			}
		}
	})
}

// userOf is the user of a finished login's answer.
func userOf(r reply) map[string]any {
	u, _ := r.body["user"].(map[string]any)
	return u
}

// TestPagesClockDrift: the Security page warns that the authenticator
// app's clock is ahead, and says how to set it right, once three logins in
// a row (the first on the login page) used codes of a phone 30 seconds
// fast; not before, and not after a code on time.
func TestPagesClockDrift(t *testing.T) {
	e := newEnv(t)
	const addr = "fast@example.com"
	e.signUp(addr)
	secret, _ := e.enableTOTP(e.loginEmail(addr))

	c := e.pageClient()
	p := c.expectPage(c.post("/login", url.Values{"email": {addr}, "password": {testPassword}}), 200, "/login/2fa")
	p = c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"totp"}, "code": {e.fastPhone(secret)}}),
		200, "/account/security", "Authenticator app (TOTP)")
	noWarning := func(p pageResp, when string) {
		t.Helper()
		if strings.Contains(p.body, `id="clock-drift"`) {
			t.Fatalf("the Security page warns of a drift %s:\n%s", when, p.body)
		}
	}
	noWarning(p, "after one early code")
	for range 2 {
		e.totpLoginAPI(addr, e.fastPhone(secret))
	}
	c.expectPage(c.get("/account/security"), 200, "/account/security", `<p class="alert" id="clock-drift">`,
		"Your authenticator app's clock is about 30 seconds ahead",
		"Turn on automatic date and time on your phone",
		"Settings › System › Date &amp; time", "Settings › General › Date &amp; Time › Set Automatically",
		"Time correction for codes",
		`datetime="`+e.Clock.Now().UTC().Format(time.RFC3339)+`"`)

	e.Clock.Advance(90 * time.Second)
	e.totpLoginAPI(addr, coretest.OathtoolCode(t, secret, e.Clock.Now()))
	noWarning(c.expectPage(c.get("/account/security"), 200, "/account/security", "Authenticator app (TOTP)"), "after a code on time")
}
