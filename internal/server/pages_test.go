package server

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestPagesUserGuide walks the user guide through the web pages with a
// client that runs no JavaScript: sign up, log in with an emailed code,
// User Panel -> My Account -> Security, enable TOTP from the QR code, keep
// the recovery codes, and confirm sensitive changes with a second factor.
func TestPagesUserGuide(t *testing.T) {
	e := newEnv(t)
	c := e.pageClient()
	const alice = "alice@example.com"

	p := c.expectPage(c.get("/"), 200, "/login", "Log in", `action="/login"`)
	if p.header.Get("Content-Security-Policy") == "" {
		t.Fatal("no Content-Security-Policy header")
	}

	// Sign up: a refused form keeps the email and name, never the password.
	c.expectPage(c.get("/signup"), 200, "/signup", "Create an account", `name="password"`)
	const shortPassword = "tiny-pass"
	p = c.expectPage(c.post("/signup", url.Values{"email": {alice}, "password": {shortPassword}, "name": {"Alice <A>"}}),
		400, "/signup", `value="alice@example.com"`, `value="Alice &lt;A&gt;"`, `id="password-error"`, "Must be at least 10 characters")
	if strings.Contains(p.body, shortPassword) {
		t.Fatal("the sign-up page echoed the password")
	}
	c.expectPage(c.post("/signup", url.Values{"email": {alice}, "password": {testPassword}, "name": {"Alice"}}),
		200, "/login", "Account created. Two-factor authentication by email is on.")
	c.expectPage(c.post("/signup", url.Values{"email": {alice}, "password": {testPassword}, "name": {"Alice"}}),
		409, "/signup", `id="email-error"`, "An account with this email already exists")

	// Log in: wrong password, then the second step by email.
	c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {"not the password"}}),
		401, "/login", "Wrong email or password", `value="alice@example.com"`)
	p = c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {testPassword}}),
		200, "/login/2fa", "Code sent by email", "We sent a code to your email address", "Remember this device for 30 days", ">Verify<")
	if c.cookie(challengeCookie) == "" || c.cookie(sessionCookie) != "" {
		t.Fatal("after the password: want a challenge cookie and no session")
	}
	code := e.MailedCode(alice)
	wrong := "000-000"
	if code == wrong {
		wrong = "111-111"
	}
	p = c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {wrong}}),
		401, "/login/2fa", "Wrong email code. 4 attempts left.")
	p = c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {code}}),
		200, "/account/security", "Enable two-factor authentication via TOTP",
		"<summary", ">Alice<", "User Panel", `href="/account">My Account<`, `href="/account/security">Security<`, `action="/logout"`)
	if c.cookie(challengeCookie) != "" || c.cookie(sessionCookie) == "" {
		t.Fatal("after the second step: want a session cookie and no challenge")
	}

	// User Panel -> My Account -> Security.
	c.expectPage(c.get("/account"), 200, "/account", "My Account", "alice@example.com", `href="/account/security"`)
	p = c.expectPage(c.get("/account/security"), 200, "/account/security",
		"Authenticator app (TOTP)", "Email codes", "Recovery codes", "0 remaining", "Trusted devices", "Logged in")

	// Enable TOTP: it asks for a second factor first, even right after
	// signing in; then the QR code holds the otpauth URL of the secret shown.
	p = c.expectPage(c.submit(p, "/account/security/totp/setup", nil), 403, "/account/security/totp/setup",
		"Confirm it&#39;s you", "We sent a code to alice@example.com")
	p = c.expectPage(c.submit(p, "/account/security/totp/setup", url.Values{"method": {"email"}, "code": {e.stepUpCode("alice@example.com")}}),
		200, "/account/security/totp/setup", `autocomplete="one-time-code"`, `inputmode="numeric"`, ">Verify<")
	m := qrDataURLRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no QR image on the setup page:\n%s", p.body)
	}
	uri := decodeQR(t, html.UnescapeString(m[1]))
	sec := setupSecret(t, p)
	if !strings.HasPrefix(uri, "otpauth://totp/twofa:alice@example.com?") || !strings.Contains(uri, "secret="+sec) {
		t.Fatalf("QR code holds %q; the page shows the secret %s", uri, sec)
	}
	// A wrong code shows the same secret again.
	bad := coretest.TOTPCode(e.t, sec, e.Clock.Now().Add(-5*time.Minute))
	p = c.expectPage(c.submit(p, "/account/security/totp/verify", url.Values{"code": {bad}}),
		401, "/account/security/totp/verify", "Wrong code")
	if got := setupSecret(t, p); got != sec {
		t.Fatalf("after a wrong code the secret changed from %s to %s", sec, got)
	}
	c.expectPage(c.get("/account/security/totp/setup"), 200, "/account/security/totp/setup", "totp-secret")
	p = c.expectPage(c.submit(p, "/account/security/totp/verify", url.Values{"code": {coretest.TOTPCode(e.t, sec, e.Clock.Now())}}),
		200, "/account/security/totp/verify", "Store them somewhere safe", `src="/static/recovery.js"`,
		`id="copy-codes"`, `download="twofa-recovery-codes.txt"`)
	recovery := shownCodes(p)
	if len(recovery) != 12 {
		t.Fatalf("got %d recovery codes, want 12:\n%s", len(recovery), p.body)
	}
	p = c.expectPage(c.get("/account/security"), 200, "/account/security", "Disable authenticator app", "12 remaining")
	if strings.Contains(p.body, "Enable two-factor authentication via TOTP") {
		t.Fatal("the enable button is still shown with TOTP on")
	}

	// A sensitive action without proof asks for one.
	p = c.expectPage(c.submit(p, "/account/security/recovery-codes", nil), 403, "/account/security/recovery-codes",
		"Confirm it&#39;s you", `value="totp" checked`, `value="email"`, `value="recovery"`, "Email me a code",
		"password only when no second factor is left")
	p = c.expectPage(c.submit(p, "/account/security/recovery-codes", url.Values{"method": {"totp"}, "code": {"123456"}}),
		403, "/account/security/recovery-codes", "Confirm it&#39;s you", "Wrong code")
	e.Clock.Advance(30 * time.Second)
	p = c.expectPage(c.submit(p, "/account/security/recovery-codes", url.Values{"method": {"totp"}, "code": {coretest.TOTPCode(e.t, sec, e.Clock.Now())}}),
		200, "/account/security/recovery-codes", "Your recovery codes")
	fresh := shownCodes(p)
	if len(fresh) != 12 || slices.Equal(fresh, recovery) {
		t.Fatalf("regenerated codes: %v", fresh)
	}
	recovery = fresh

	// "Email me a code" on the confirm page, then turn email codes off.
	p = c.expectPage(c.get("/account/security"), 200, "/account/security")
	p = c.expectPage(c.submit(p, "/account/security/email/disable", nil), 403, "/account/security/email/disable", "Turn email codes off")
	p = c.expectPage(c.submit(p, "/account/security/email/disable", url.Values{"method": {"email"}, "code": {""}}),
		403, "/account/security/email/disable", "We sent a code to alice@example.com", `value="email" checked`)
	code = e.MailedCode(alice)
	p = c.expectPage(c.submit(p, "/account/security/email/disable", url.Values{"method": {"email"}, "code": {code}}),
		200, "/account/security", "Email codes are off", "Turn email codes on")

	// Log out; pages behind the login send back to it.
	p = c.expectPage(c.submit(p, "/logout", nil), 200, "/login", "You are logged out.")
	if c.cookie(sessionCookie) != "" {
		t.Fatal("the session cookie survived the logout")
	}
	c.expectPage(c.get("/account/security"), 200, "/login")

	// Log in with a recovery code and remember the device.
	p = c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {testPassword}}),
		200, "/login/2fa", "Authenticator app", "Recovery code")
	if strings.Contains(p.body, "Email me a code") {
		t.Fatal("email offered with email codes off")
	}
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"recovery"}, "code": {recovery[0]}, "remember": {"1"}}),
		200, "/account/security", "11 remaining")
	if c.cookie(deviceCookie) == "" {
		t.Fatal("no device cookie after Remember this device")
	}
	// The trusted device skips the second step.
	p = c.expectPage(c.post("/logout", nil), 200, "/login")
	p = c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {testPassword}}),
		200, "/account/security", "Logged in on a trusted device", ">Revoke<", ">Revoke all<")
	p = c.expectPage(c.submit(p, "/account/security/devices/revoke", url.Values{"id": {""}}),
		200, "/account/security", "Every trusted device was revoked.", "No trusted devices")

	// Disable TOTP; with no second factor left, the password is the proof.
	e.Clock.Advance(30 * time.Second)
	p = c.expectPage(c.submit(p, "/account/security/totp/disable", url.Values{"method": {"totp"}, "code": {coretest.TOTPCode(e.t, sec, e.Clock.Now())}}),
		200, "/account/security", "The authenticator app is disabled", "Enable two-factor authentication via TOTP")
	p = c.expectPage(c.submit(p, "/account/security/recovery-codes", nil), 403, "/account/security/recovery-codes",
		`type="password"`, "no second factor left")
	c.expectPage(c.submit(p, "/account/security/recovery-codes", url.Values{"method": {"password"}, "code": {testPassword}}),
		200, "/account/security/recovery-codes", "Your recovery codes")

	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestPagesErrors checks that the pages answer mistakes with HTML pages
// and the right status.
func TestPagesErrors(t *testing.T) {
	e := newEnv(t)
	c := e.pageClient()

	p := c.expectPage(c.get("/no/such/page"), 404, "/no/such/page", "There is no page at this address")
	if !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		t.Fatalf("404 Content-Type = %q", p.header.Get("Content-Type"))
	}
	p = c.expectPage(c.get("/logout"), 405, "/logout", "does not accept GET")
	if p.header.Get("Allow") != "POST" {
		t.Fatalf("Allow = %q", p.header.Get("Allow"))
	}

	// A body over the limit, sent without a length, is refused while read.
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/login", io.MultiReader(
		strings.NewReader("email=a%40example.com&password="), strings.NewReader(strings.Repeat("x", maxBody))))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.expectPage(c.do(req), 413, "/login", "larger than 64 KiB")

	// Protected pages and actions send to the login page.
	c.expectPage(c.get("/account"), 200, "/login")
	c.expectPage(c.post("/account/security/email/enable", nil), 200, "/login")

	// The second step without a live challenge says to start again.
	c.expectPage(c.get("/login/2fa"), 410, "/login/2fa", "has expired", `href="/login">Start again`)
	e.signUp("bob@example.com")
	p = c.expectPage(c.post("/login", url.Values{"email": {"bob@example.com"}, "password": {testPassword}}), 200, "/login/2fa")
	code := e.MailedCode("bob@example.com")
	e.Clock.Advance(e.Svc.Config().ChallengeTTL + time.Second)
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {code}}), 410, "/login/2fa", "Start again")
	if c.cookie(challengeCookie) != "" {
		t.Fatal("the expired challenge cookie was kept")
	}

	// A query cannot put its own text on a page.
	p = c.expectPage(c.get("/login?notice=%3Cb%3Ehacked%3C/b%3E"), 200, "/login")
	if strings.Contains(p.body, "hacked") {
		t.Fatal("the notice query was shown")
	}

	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestPagesStatic checks the embedded assets and their validators.
func TestPagesStatic(t *testing.T) {
	e := newEnv(t)
	for path, ctype := range map[string]string{
		"/static/app.css":     "text/css",
		"/static/app.js":      "text/javascript",
		"/static/recovery.js": "text/javascript",
		"/static/favicon.svg": "image/svg+xml",
	} {
		resp, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || resp.Header.Get("ETag") == "" {
			t.Fatalf("%s: %d %q etag %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("ETag"))
		}
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		again, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Fatalf("%s with If-None-Match: %d, want 304", path, again.StatusCode)
		}
	}
	resp, err := http.Get(e.srv.URL + "/static/missing.css")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("missing asset: %d", resp.StatusCode)
	}
}

// TestPagesSwitchToEmail logs in an account with TOTP and email codes, and
// asks for an email code on the second-step page instead.
func TestPagesSwitchToEmail(t *testing.T) {
	e := newEnv(t)
	const carol = "carol@example.com"
	e.signUp(carol)
	e.enableTOTP(e.loginEmail(carol))
	c := e.pageClient()

	p := c.expectPage(c.post("/login", url.Values{"email": {carol}, "password": {testPassword}}),
		200, "/login/2fa", `value="totp" checked`, `value="email"`, `value="recovery"`, ">Email me a code<")
	if strings.Contains(p.body, "We sent a code") {
		t.Fatal("a code is said to be sent before any was asked for")
	}
	p = c.expectPage(c.submit(p, "/login/2fa/email?", nil), 200, "/login/2fa",
		"We sent a code to your email address", `value="email" checked`)
	m := e.WaitMail(carol, regexp.MustCompile(`verification code`))
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {m.Find(coretest.EmailCodeRe)}}),
		200, "/account/security", "Disable authenticator app")
	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestPagesEmailDefaultOff checks sign-up and login when new accounts start
// without a second factor.
func TestPagesEmailDefaultOff(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	c := e.pageClient()
	p := c.expectPage(c.post("/signup", url.Values{"email": {"dave@example.com"}, "password": {testPassword}, "name": {"Dave"}}),
		200, "/login", "Account created.")
	if strings.Contains(p.body, "by email is on") {
		t.Fatal("the notice claims email codes are on")
	}
	c.expectPage(c.post("/login", url.Values{"email": {"dave@example.com"}, "password": {testPassword}}),
		200, "/account/security", "No second factor is on", "Turn email codes on")
	c.expectPage(c.post("/account/security/email/enable", nil), 200, "/account/security", "Email codes are on", "Turn email codes off")
}
