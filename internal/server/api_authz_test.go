package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/authz"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// authzTestRules protect app.example.com: /closed is denied to all, /admin
// is for boss@example.com with both factors and denied to anyone else,
// /one needs one factor, public.example.com is open, and everything else
// needs both factors (the default). ada@example.com is on the /admin list
// too, with no account in newAuthzEnv.
const authzTestRules = `
rules:
  - hosts: [public.example.com]
    policy: bypass
  - hosts: [app.example.com]
    paths: [/closed]
    policy: deny
  - hosts: [app.example.com]
    paths: [/admin]
    users: [Boss@Example.com, ada@example.com]
    policy: two_factor
  - hosts: [app.example.com]
    paths: [/admin]
    policy: deny
  - hosts: [app.example.com]
    paths: [/one]
    policy: one_factor
`

// authzEnv is an env with authzTestRules, an account with TOTP
// (boss@example.com, signed in with both factors) and one without a
// second factor (one@example.com, signed in with the password). Boss's
// address is verified, as a login with a mailed code would have done.
type authzEnv struct {
	*env
	boss, one     string // session tokens
	bossID, oneID string
	bossTOTP      string
	base          string
}

func newAuthzEnv(t *testing.T) *authzEnv {
	t.Helper()
	rules, err := authz.Parse([]byte(authzTestRules))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, Options{AccessRules: rules}, func(c *core.Config) { c.Email2FADefault = false })
	a := &authzEnv{env: e, base: e.Svc.Config().BaseURL}
	e.signUp("one@example.com")
	a.one = e.passwordToken("one@example.com")
	a.oneID = e.expect(e.call("GET", "/api/v1/me", a.one, nil), 200, "").str("id")
	e.signUp("boss@example.com")
	first := e.passwordToken("boss@example.com")
	a.bossTOTP, _ = e.enableTOTP(first)
	a.boss = a.totpLogin("boss@example.com")
	a.bossID = e.expect(e.call("GET", "/api/v1/me", a.boss, nil), 200, "").str("id")
	if ok, err := e.Store.SetEmailVerified(context.Background(), a.bossID, "boss@example.com", e.Clock.Now()); !ok || err != nil {
		t.Fatalf("verify boss@example.com: %v %v", ok, err)
	}
	return a
}

func (a *authzEnv) totpLogin(addr string) string {
	a.t.Helper()
	a.Clock.Advance(30 * time.Second)
	r := a.expect(a.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 401, "2fa-required")
	return a.expect(a.call("POST", "/api/v1/login/2fa", "", map[string]string{
		"challenge": r.str("challenge"), "method": "totp", "code": coretest.TOTPCode(a.t, a.bossTOTP, a.Clock.Now()),
	}), 200, "").str("token")
}

// check asks endpoint about a request with the session token in the
// session cookie ("" for none) and the headers given in pairs. A redirect
// is not followed.
func (a *authzEnv) check(endpoint, token string, headers ...string) reply {
	a.t.Helper()
	req := httptest.NewRequest("GET", "/api/v1/authz/"+endpoint, nil)
	if token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	r := reply{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if rec.Header().Get("Content-Type") == "application/json; charset=utf-8" {
		if err := json.Unmarshal(r.raw, &r.body); err != nil {
			a.t.Fatalf("%s: %v: %s", endpoint, err, r.raw)
		}
	}
	return r
}

// granted fails unless r is a 200 naming the user with id and email.
func (a *authzEnv) granted(r reply, what, id, email string) {
	a.t.Helper()
	if r.status != http.StatusOK || r.header.Get("Remote-User") != id || r.header.Get("Remote-Email") != email {
		a.t.Errorf("%s: %d Remote-User %q Remote-Email %q, want 200 %q %q: %s", what, r.status, r.header.Get("Remote-User"), r.header.Get("Remote-Email"), id, email, r.raw)
	}
	if email != "" && r.header.Get("Remote-Name") != "Test User" {
		a.t.Errorf("%s: Remote-Name %q", what, r.header.Get("Remote-Name"))
	}
}

// refused fails unless r has status and, when location is not "", that
// Location.
func (a *authzEnv) refused(r reply, what string, status int, location string) {
	a.t.Helper()
	if r.status != status || r.header.Get("Location") != location || r.header.Get("Remote-User") != "" {
		a.t.Errorf("%s: %d Location %q Remote-User %q, want %d Location %q: %s", what, r.status, r.header.Get("Location"), r.header.Get("Remote-User"), status, location, r.raw)
	}
}

func TestAuthRequest(t *testing.T) {
	a := newAuthzEnv(t)
	orig := func(u string) []string { return []string{"X-Original-URL", u} }
	login := func(u string) string { return a.base + "/login?rd=" + url.QueryEscape(u) }
	setUp := a.base + "/account/security?notice=" + siteNeeds2FANotice

	a.refused(a.check("auth-request", "", orig("https://app.example.com/one/x?a=1&b=2")...), "no cookie", 401, login("https://app.example.com/one/x?a=1&b=2"))
	a.refused(a.check("auth-request", "garbage-token", orig("https://app.example.com/one")...), "unknown session", 401, login("https://app.example.com/one"))
	a.granted(a.check("auth-request", "", orig("https://public.example.com/")...), "bypass, no cookie", "", "")
	a.granted(a.check("auth-request", a.one, orig("https://public.example.com/")...), "bypass, signed in", a.oneID, "one@example.com")
	a.refused(a.check("auth-request", "", orig("https://app.example.com/closed")...), "deny, no cookie", 403, "")
	a.refused(a.check("auth-request", a.boss, orig("https://app.example.com/closed/x")...), "deny, both factors", 403, "")

	// One factor is enough for /one; the rest of the site needs two.
	a.granted(a.check("auth-request", a.one, orig("https://app.example.com/one")...), "one_factor", a.oneID, "one@example.com")
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/two")...), "two_factor, account without 2FA", 401, setUp)
	a.granted(a.check("auth-request", a.boss, orig("https://APP.example.com:443/two")...), "two_factor", a.bossID, "boss@example.com")
	a.refused(a.check("auth-request", a.one, orig("https://other.example.net/")...), "no rule: two_factor", 401, setUp)

	// /admin is boss's; the next rule denies everyone else.
	a.granted(a.check("auth-request", a.boss, orig("https://app.example.com/admin/x")...), "user-limited rule", a.bossID, "boss@example.com")
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/admin")...), "user-limited rule, another user", 403, "")
	// A visitor not signed in may be boss: asked to log in, not refused.
	a.refused(a.check("auth-request", "", orig("https://app.example.com/admin")...), "user-limited rule, no cookie", 401, login("https://app.example.com/admin"))
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/one/../admin")...), "dot segments", 403, "")
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/one/%2e%2e/admin")...), "encoded dot segments", 403, "")
	// Path parameters, which Tomcat and Jetty drop: /one/..;/admin is /admin.
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/one/..;/admin")...), "dot segment with a parameter", 403, "")
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/admin;x")...), "path parameter", 403, "")
	a.refused(a.check("auth-request", a.one, orig("https://app.example.com/closed;x")...), "path parameter, deny", 403, "")
	a.granted(a.check("auth-request", "", orig("https://public.example.com/;x/..;/y")...), "path parameter, bypass", "", "")

	// A Bearer token is not a browser session.
	a.refused(a.call("GET", "/api/v1/authz/auth-request", a.boss, nil, orig("https://app.example.com/two")...), "bearer token", 401, login("https://app.example.com/two"))

	for _, bad := range []string{"", "not a url", "/relative/path", "ftp://app.example.com/", "https:///nohost", "https://app.example.com:bad/"} {
		r := a.check("auth-request", a.boss, "X-Original-URL", bad)
		if r.status != http.StatusBadRequest || r.str("error") != "bad-request" || r.header.Get("Remote-User") != "" {
			t.Errorf("X-Original-URL %q: %d %s, want 400 bad-request", bad, r.status, r.raw)
		}
	}
}

func TestForwardAuth(t *testing.T) {
	a := newAuthzEnv(t)
	fwd := func(proto, host, uri string) []string {
		return []string{"X-Forwarded-Proto", proto, "X-Forwarded-Host", host, "X-Forwarded-Uri", uri, "X-Forwarded-Method", "GET"}
	}
	login := func(u string) string { return a.base + "/login?rd=" + url.QueryEscape(u) }

	a.refused(a.check("forward-auth", "", fwd("https", "app.example.com", "/one/x?a=1&b=%2F")...), "no cookie", 302, login("https://app.example.com/one/x?a=1&b=%2F"))
	a.refused(a.check("forward-auth", "", fwd("http", "app.example.com:8080", "/")...), "no cookie, port", 302, login("http://app.example.com:8080/"))
	a.granted(a.check("forward-auth", a.one, fwd("https", "app.example.com", "/one")...), "one_factor", a.oneID, "one@example.com")
	a.refused(a.check("forward-auth", a.one, fwd("https", "app.example.com", "/two")...), "two_factor, account without 2FA", 302, a.base+"/account/security?notice="+siteNeeds2FANotice)
	a.granted(a.check("forward-auth", a.boss, fwd("https", "app.example.com", "/two")...), "two_factor", a.bossID, "boss@example.com")
	a.refused(a.check("forward-auth", a.boss, fwd("https", "app.example.com", "/closed")...), "deny", 403, "")
	a.granted(a.check("forward-auth", a.boss, fwd("https", "app.example.com", "/admin")...), "user-limited rule", a.bossID, "boss@example.com")
	a.refused(a.check("forward-auth", a.one, fwd("https", "app.example.com", "/admin")...), "user-limited rule, another user", 403, "")
	a.refused(a.check("forward-auth", "", fwd("https", "app.example.com", "/admin")...), "user-limited rule, no cookie", 302, login("https://app.example.com/admin"))
	a.granted(a.check("forward-auth", "", fwd("https", "public.example.com", "/x")...), "bypass", "", "")

	// A path that looks like a host stays a path of the protected host.
	a.refused(a.check("forward-auth", "", fwd("https", "app.example.com", "//evil.com/")...), "double slash", 302, login("https://app.example.com//evil.com/"))

	// X-Original-URL is nginx's: forward-auth reads X-Forwarded-* only.
	r := a.check("forward-auth", a.boss, "X-Original-URL", "https://app.example.com/two")
	a.refused(r, "X-Original-URL alone", 400, "")
	for _, h := range [][]string{
		fwd("", "app.example.com", "/"),
		fwd("javascript", "app.example.com", "/"),
		fwd("https", "", "/"),
		fwd("https", "app.example.com", ""),
		fwd("https", "app.example.com", "x"),
		fwd("https", "evil.com@app.example.com", "/"),
		fwd("https", "evil.com/x", "/"),
	} {
		if r := a.check("forward-auth", a.boss, h...); r.status != http.StatusBadRequest || r.header.Get("Remote-User") != "" {
			t.Errorf("headers %q: %d %s, want 400", h, r.status, r.raw)
		}
	}
}

// TestUsersNeedVerifiedEmail: a users list names addresses, and an account
// whose address was never proved (signed up, no mailed code answered) is
// not the person it names: the rule is skipped for it. Once a login
// answers a code mailed to the address, the rule applies.
func TestUsersNeedVerifiedEmail(t *testing.T) {
	a := newAuthzEnv(t)
	h := []string{"X-Original-URL", "https://app.example.com/admin"}
	a.signUp("ada@example.com")
	tok := a.passwordToken("ada@example.com")
	a.refused(a.check("auth-request", tok, h...), "listed, unverified", 403, "")
	a.expect(a.call("POST", "/api/v1/me/2fa/email/enable", tok, nil), 200, "")
	a.refused(a.check("auth-request", tok, h...), "listed, unverified, email 2FA on", 403, "")

	tok = a.loginEmail("ada@example.com")
	id := a.expect(a.call("GET", "/api/v1/me", tok, nil), 200, "").str("id")
	a.granted(a.check("auth-request", tok, h...), "listed, verified by the mailed code", id, "ada@example.com")
}

// TestForwardAuthAfterLogout: once the session is logged out, the
// protected site is closed again.
func TestForwardAuthAfterLogout(t *testing.T) {
	a := newAuthzEnv(t)
	h := []string{"X-Original-URL", "https://app.example.com/two"}
	a.granted(a.check("auth-request", a.boss, h...), "before logout", a.bossID, "boss@example.com")
	a.expect(a.call("POST", "/api/v1/logout", a.boss, nil), 204, "")
	a.refused(a.check("auth-request", a.boss, h...), "after logout", 401, a.base+"/login?rd="+url.QueryEscape(h[1]))
}
