package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// logIn signs the page client in with the password and the emailed code.
func (c *pageClient) logIn(addr, pw string) pageResp {
	c.t.Helper()
	p := c.expectPage(c.post("/login", url.Values{"email": {addr}, "password": {pw}}), 200, "/login/2fa")
	return c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {c.e.MailedCode(addr)}}),
		200, "/account/security")
}

// TestPagesChangePassword changes the password on My Account: at once in
// a fresh session; after confirming a second factor, and sending the form
// again, in a stale one.
func TestPagesChangePassword(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	const first, second = "a first new passphrase", "a second new passphrase"
	e.signUp(alice)
	other := e.pageClient()
	other.logIn(alice, testPassword)
	c := e.pageClient()
	c.logIn(alice, testPassword)

	p := c.expectPage(c.get("/account"), 200, "/account", "Change password", `name="currentPassword"`,
		`name="newPassword"`, `name="confirmPassword"`, `minlength="10"`, `maxlength="128"`, "Change email address")
	change := func(current, next, again string) pageResp {
		return c.submit(p, "/account/password", url.Values{"currentPassword": {current}, "newPassword": {next}, "confirmPassword": {again}})
	}
	for _, got := range []pageResp{
		c.expectPage(change(testPassword, first, first+"!"), 400, "/account/password",
			`id="confirm-password-error"`, "The two new passwords differ"),
		c.expectPage(change("not my password", first, first), 403, "/account/password",
			`id="current-password-error"`, "This is not your current password. 4 attempts left."),
		c.expectPage(change(testPassword, "short", "short"), 400, "/account/password",
			`id="new-password-error"`, "Must be at least 10 characters"),
	} {
		if strings.Contains(got.body, first) || strings.Contains(got.body, testPassword) {
			t.Fatalf("a refused form sent a password back:\n%s", got.body)
		}
	}

	// Right after the login the session is fresh: no code is asked.
	c.expectPage(change(testPassword, first, first), 200, "/account",
		"Password changed. Other sessions were signed out and trusted devices forgotten.")
	e.WaitMail(alice, regexp.MustCompile(`password was changed`))
	other.expectPage(other.get("/account"), 200, "/login")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "invalid-credentials")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": first}), 401, "2fa-required")
	e.MailedCode(alice)

	// 31 minutes on, the change asks for a second factor first, and never
	// carries the new password through the confirm page.
	e.Clock.Advance(31 * time.Minute)
	p = c.expectPage(c.get("/account"), 200, "/account")
	p = c.expectPage(change(first, second, second), 403, "/account/password",
		"Confirm it&#39;s you", "Change your password", "send the Change password form again",
		"We sent a code to alice@example.com", `value="email" checked`, `action="/account/password/confirm"`, `href="/account">Cancel<`)
	if strings.Contains(p.body, second) || strings.Contains(p.body, first) {
		t.Fatalf("the confirm page holds a password:\n%s", p.body)
	}
	code := e.MailedCode(alice)
	wrong := "000-000"
	if code == wrong {
		wrong = "111-111"
	}
	p = c.expectPage(c.submit(p, "/account/password/confirm", url.Values{"method": {"email"}, "code": {wrong}}),
		403, "/account/password/confirm", "Confirm it&#39;s you", "attempts left", `value="email" checked`)
	p = c.expectPage(c.submit(p, "/account/password/confirm", url.Values{"method": {"email"}, "code": {code}}),
		200, "/account", "Now send the Change password form again: for the next 30 minutes it needs no code.")
	c.expectPage(change(first, second, second), 200, "/account", "Password changed.")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": first}), 401, "invalid-credentials")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": second}), 401, "2fa-required")

	for _, p := range append(c.pages, other.pages...) {
		checkNoInlineCode(t, p)
	}
}

// TestPagesChangeEmail changes the address on My Account: the code goes to
// the new address, and the old one is told once it has changed.
func TestPagesChangeEmail(t *testing.T) {
	e := newEnv(t)
	const alice, bob = "alice@example.com", "bob@example.com"
	const next, third = "alice.new@example.com", "alice.third@example.com"
	e.signUp(alice)
	e.signUp(bob)
	c := e.pageClient()
	c.logIn(alice, testPassword)

	p := c.expectPage(c.get("/account"), 200, "/account", `action="/account/email"`, `name="email"`)
	c.expectPage(c.submit(p, "/account/email", url.Values{"email": {bob}}), 409, "/account/email",
		`id="new-email-error"`, "Another account uses this address", `value="bob@example.com"`)
	c.expectPage(c.submit(p, "/account/email", url.Values{"email": {alice}}), 400, "/account/email",
		`id="new-email-error"`, "Is already your address")

	// Even right after signing in, the change asks for a second factor,
	// mailed to the current address, and carries the new address along.
	p = c.expectPage(c.submit(p, "/account/email", url.Values{"email": {next}}), 403, "/account/email",
		"Confirm it&#39;s you", "Then we send a code to alice.new@example.com", "We sent a code to alice@example.com",
		`<input type="hidden" name="email" value="alice.new@example.com">`)
	p = c.expectPage(c.submit(p, "/account/email", url.Values{"email": {next}, "method": {"email"}, "code": {e.MailedCode(alice)}}),
		200, "/account/email", "We sent a code to alice.new@example.com", `action="/account/email/confirm"`, `name="code"`)
	code := e.MailedCode(next)
	wrong := "000-000"
	if code == wrong {
		wrong = "111-111"
	}
	p = c.expectPage(c.submit(p, "/account/email/confirm", url.Values{"email": {next}, "code": {wrong}}),
		403, "/account/email/confirm", `id="code-error"`, "4 attempts left", "We sent a code to alice.new@example.com")
	c.expectPage(c.submit(p, "/account/email/confirm", url.Values{"email": {next}, "code": {code}}),
		200, "/account", "Email address changed.", "<dd>alice.new@example.com</dd>")
	m := e.WaitMail(alice, regexp.MustCompile(`email address was changed`))
	if !strings.Contains(m.Text, next) || !strings.Contains(m.Text, "/email/undo?token=") {
		t.Fatalf("the mail to the old address does not name the new one and give the undo link:\n%s", m.Text)
	}

	// While the change can be undone, the new address proves no further
	// change, and this account has no other factor: the page says so.
	p = c.expectPage(c.get("/account"), 200, "/account")
	c.expectPage(c.submit(p, "/account/email", url.Values{"email": {third}}), 400, "/account/email",
		"changed less than 7 days ago", "try again once the link has expired")

	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestPagesRefusalsAreHTML checks that refusals made before any handler
// runs answer pages with an HTML page, and the API with JSON.
func TestPagesRefusalsAreHTML(t *testing.T) {
	e := newEnv(t)
	c := e.pageClient()
	isHTML := func(p pageResp) {
		t.Helper()
		if ct := p.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Fatalf("%s: Content-Type %q, want HTML:\n%s", p.url, ct, p.body)
		}
	}

	// A body announced as over the limit.
	big := "email=a%40example.com&password=" + strings.Repeat("x", maxBody)
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if req.ContentLength <= maxBody {
		t.Fatalf("Content-Length %d is within the limit", req.ContentLength)
	}
	isHTML(c.expectPage(c.do(req), 413, "/login", "larger than 64 KiB", `href="/login"`))
	e.expect(e.call("POST", "/api/v1/login", "", `{"email":"`+strings.Repeat("x", maxBody)+`"}`), 413, "body-too-large")

	// A form sent from another site.
	crossSite := func(path string) *http.Request {
		req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader("email=a%40example.com&password=x"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		return req
	}
	isHTML(c.expectPage(c.do(crossSite("/login")), 403, "/login", "sent from another site"))
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "a@example.com", "password": "x"},
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), 403, "cross-origin")
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("API cross-origin refusal: Content-Type %q", ct)
	}

	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestRecoveredPanicAnswers checks the answer to a handler that panics:
// an HTML page for pages, JSON for the API.
func TestRecoveredPanicAnswers(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler)}
	h := s.recoverPanics(securityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	for path, want := range map[string]string{
		"/account/security": "text/html; charset=utf-8",
		"/api/v1/me":        "application/json; charset=utf-8",
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") != want {
			t.Errorf("%s: %d %q, want 500 %q:\n%s", path, w.Code, w.Header().Get("Content-Type"), want, w.Body)
		}
		if w.Header().Get("Content-Security-Policy") != contentSecurityPolicy {
			t.Errorf("%s: no CSP header", path)
		}
	}
}
