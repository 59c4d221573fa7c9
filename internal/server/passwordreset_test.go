package server

import (
	"bytes"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// resetLinkRe finds the link of a reset mail.
var resetLinkRe = regexp.MustCompile(`(\S+/password/reset\?token=[A-Za-z0-9_-]+)`)

// resetLink waits for the next reset mail to addr, checks that its link
// points at the configured base URL, and returns it.
func (e *env) resetLink(addr string) *url.URL {
	e.t.Helper()
	m := e.WaitMail(addr, regexp.MustCompile(`^Reset your`))
	raw := m.Find(resetLinkRe)
	if !strings.HasPrefix(raw, e.Svc.Config().BaseURL+"/password/reset?token=") {
		e.t.Fatalf("no reset link under %s in the mail: %s", e.Svc.Config().BaseURL, m.Text)
	}
	u, err := url.Parse(raw)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// TestPasswordResetFlow: over the JSON API, on each store, with the mail
// going through a real SMTP server: an account with an authenticator app
// asks for a reset link (answered exactly as an unknown address and a
// string that is no address are), gets it by mail, and sets a new
// password with it. Its session ends, a notice is mailed, the link works
// once, and logging in with the new password asks for the app's code.
func TestPasswordResetFlow(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const who, next = "ada@example.com", "a fine new passphrase"
		e.signUp(who)
		token := e.loginEmail(who)
		sec, _ := e.enableTOTP(token)

		forgot := func(body any) reply { return e.call("POST", "/api/v1/password/forgot", "", body) }
		known := e.expect(forgot(map[string]string{"email": who}), 202, "")
		for _, other := range []string{"nobody@example.com", "not an address", "someone@else.example"} {
			r := e.expect(forgot(map[string]string{"email": other}), 202, "")
			if !bytes.Equal(r.raw, known.raw) {
				t.Fatalf("answers differ:\n %s: %s\n %s: %s", who, known.raw, other, r.raw)
			}
		}
		for _, bad := range []any{map[string]any{}, map[string]string{"email": ""}, map[string]any{"email": 5}} {
			if r := e.expect(forgot(bad), 400, "bad-request"); r.str("field") != "email" {
				t.Fatalf("%v: field %q, want email", bad, r.str("field"))
			}
		}

		link := e.resetLink(who)
		tok := link.Query().Get("token")
		reset := func(tok, password string) reply {
			return e.call("POST", "/api/v1/password/reset", "", map[string]string{"token": tok, "password": password})
		}
		if r := e.expect(reset(tok, "short"), 400, "bad-request"); r.str("field") != "password" {
			t.Fatalf("a short password: field %q, want password", r.str("field"))
		}
		if r := e.expect(reset("not-a-token", next), 400, "reset-token-invalid"); r.str("field") != "token" {
			t.Fatalf("an unknown token: field %q, want token", r.str("field"))
		}
		e.expect(reset(tok, next), 204, "")
		e.expect(reset(tok, "another fine passphrase"), 400, "reset-token-invalid")
		e.expect(e.call("GET", "/api/v1/me", token, nil), 401, "unauthenticated")
		e.WaitMail(who, regexp.MustCompile(`^Your password was reset$`))

		e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": who, "password": testPassword}), 401, "invalid-credentials")
		r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": who, "password": next}), 401, "2fa-required")
		if r.str("token") != "" || !slices.Contains(r.strings("methods"), "totp") {
			t.Fatalf("login after the reset: %s; want the app's code asked for and no session", r.raw)
		}
		e.Clock.Advance(30 * time.Second)
		e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{
			"challenge": r.str("challenge"), "method": "totp", "code": coretest.TOTPCode(t, sec, e.Clock.Now()),
		}), 200, "")
	})
}

// TestPasswordResetPages walks the pages without a browser: the login
// page links to "Forgot password?", which asks for the address and then
// says what happens next; the reset page refuses a link that does not
// work, two different passwords and a short one, and then sends to the
// login page.
func TestPasswordResetPages(t *testing.T) {
	e := newEnv(t)
	c := e.pageClient()
	const who = "pages@example.com"
	e.signUp(who)

	c.expectPage(c.get("/login"), 200, "/login", `href="/password/forgot">Forgot password?</a>`)
	p := c.expectPage(c.get("/password/forgot"), 200, "/password/forgot", "Send the link")
	c.expectPage(c.submit(p, "/password/forgot", url.Values{"email": {" "}}), 400, "/password/forgot", "Is required.")
	c.expectPage(c.submit(p, "/password/forgot", url.Values{"email": {who}}), 200, "/password/forgot", "is on its way", "within 30 minutes")

	c.expectPage(c.get("/password/reset?token=nope"), 400, "/password/reset", "This reset link is unknown", `href="/password/forgot">Ask for a new link`)
	link := e.resetLink(who)
	p = c.expectPage(c.get(link.RequestURI()), 200, "/password/reset", "Choose a new password", `name="confirmPassword"`)
	tok := link.Query().Get("token")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"one new passphrase"}, "confirmPassword": {"another one"}}),
		400, "/password/reset", "The two passwords differ")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"short"}, "confirmPassword": {"short"}}),
		400, "/password/reset", "Must be at least 10 characters")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"one new passphrase"}, "confirmPassword": {"one new passphrase"}}),
		200, "/login", "Your password was reset")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"one new passphrase"}, "confirmPassword": {"one new passphrase"}}),
		400, "/password/reset", "Ask for a new link")
	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestBrowserForgotPassword walks "Forgot password?" in headless
// Chromium: from the login page to the request, the link read from the
// mail, the new password typed twice, and a login with it that still asks
// for the authenticator app's code.
func TestBrowserForgotPassword(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	const who, next = "grace@example.com", "a brand new passphrase"
	e.signUp(who)
	sec, _ := e.enableTOTP(e.loginEmail(who))

	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.waitPage("login")
	b.do("click Forgot password?", chromedp.Click(chromedp.CSS(`main a[href="/password/forgot"]`)))
	b.waitPage("password_forgot")
	b.do("ask for a link",
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .info`)),
	)
	if got := b.text("main .info"); !strings.HasPrefix(got, "If an account has this address, a link") {
		t.Fatalf("after asking the page says %q", got)
	}

	link := e.resetLink(who)
	b.do("open the mailed link", chromedp.Navigate(e.srv.URL+link.RequestURI()))
	b.waitPage("password_reset")
	b.screenshot("password-reset")
	b.do("type the new password twice",
		chromedp.SendKeys(chromedp.ID("password"), next),
		chromedp.SendKeys(chromedp.ID("confirm-password"), next),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitPage("login")
	if got := b.text(".notice"); !strings.HasPrefix(got, "Your password was reset") {
		t.Fatalf("notice after the reset = %q", got)
	}

	b.do("log in with the new password",
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.SendKeys(chromedp.ID("password"), next),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitPage("login_2fa")
	e.Clock.Advance(30 * time.Second)
	b.do("enter the app's code",
		chromedp.SendKeys(chromedp.ID("code"), coretest.TOTPCode(t, sec, e.Clock.Now())),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.waitPage("security")
	b.checkConsole()
}
