package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/authz"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// stayLocal makes c stop at a redirect that leaves twofa, so the test can
// read where it leads.
func (c *pageClient) stayLocal() {
	c.c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != strings.TrimPrefix(c.e.srv.URL, "http://") {
			return http.ErrUseLastResponse
		}
		return nil
	}
}

// expectAway fails unless p is a redirect to location.
func expectAway(t *testing.T, p pageResp, location string) {
	t.Helper()
	if p.status != http.StatusSeeOther || p.header.Get("Location") != location {
		t.Fatalf("got %d to %q, want a redirect to %q:\n%s", p.status, p.header.Get("Location"), location, p.body)
	}
}

// TestLoginReturnsToSite: a login started with ?rd= ends at rd, after the
// second step and the "email me the code again" detour; a signed-in
// visitor is sent on at once; a foreign rd is dropped.
func TestLoginReturnsToSite(t *testing.T) {
	rules, err := authz.Parse([]byte(authzTestRules))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, Options{AccessRules: rules})
	const who = "site@example.com"
	e.signUp(who)
	const site = "https://app.example.com/two/page?a=1&b=2"
	c := e.pageClient()
	c.stayLocal()

	p := c.expectPage(c.get("/login?rd="+url.QueryEscape(site)), 200, "/login", `name="rd" value="https://app.example.com/two/page?a=1&amp;b=2"`)
	p = c.submit(p, "/login", url.Values{"email": {who}, "password": {testPassword}, "rd": {site}})
	c.expectPage(p, 200, "/login/2fa")
	e.MailedCode(who)
	p = c.submit(p, "/login/2fa/email", nil)
	c.expectPage(p, 200, "/login/2fa", "We sent your code again")
	if p.url.Query().Get("rd") != site {
		t.Fatalf("rd lost on the way to %s", p.url)
	}
	p = c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {e.MailedCode(who)}})
	expectAway(t, p, site)

	expectAway(t, c.get("/login?rd="+url.QueryEscape(site)), site)
	c.expectPage(c.get("/login?rd="+url.QueryEscape("//evil.com/")), 200, "/account/security")
	c.expectPage(c.get("/login?rd="+url.QueryEscape("https://app.example.com.evil.com/")), 200, "/account/security")

	// A forged rd in the form is dropped too, and does not reach the page.
	fresh := e.pageClient()
	fresh.stayLocal()
	p = fresh.get("/login?rd=" + url.QueryEscape("https://evil.com/"))
	if strings.Contains(p.body, "evil.com") {
		t.Errorf("the login page carries a foreign rd:\n%s", p.body)
	}
	p = fresh.post("/login", url.Values{"email": {who}, "password": {testPassword}, "rd": {"https://evil.com/"}})
	p = fresh.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {e.MailedCode(who)}})
	fresh.expectPage(p, 200, "/account/security")

	// A login that has expired starts again with its rd.
	p = e.pageClient().get("/login/2fa?rd=" + url.QueryEscape(site))
	if p.status != http.StatusGone || !strings.Contains(p.body, `href="/login?rd=https%3A%2F%2Fapp.example.com%2Ftwo`) {
		t.Errorf("expired second step: %d, no start-again link keeping rd:\n%s", p.status, p.body)
	}
}

// TestLoginReturnNeedsSecondFactor: an account without a second factor
// reaches a one_factor site, and is shown the Security page with a notice
// instead of a two_factor site; once it has a second factor, its old
// one-factor session is asked to log in again, with it.
func TestLoginReturnNeedsSecondFactor(t *testing.T) {
	rules, err := authz.Parse([]byte(authzTestRules))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, Options{AccessRules: rules}, func(c *core.Config) { c.Email2FADefault = false })
	const who = "nofactor@example.com"
	e.signUp(who)
	const one, two = "https://app.example.com/one", "https://app.example.com/two"
	c := e.pageClient()
	c.stayLocal()
	p := c.get("/login?rd=" + url.QueryEscape(one))
	expectAway(t, c.submit(p, "/login", url.Values{"email": {who}, "password": {testPassword}, "rd": {one}}), one)
	c.expectPage(c.get("/login?rd="+url.QueryEscape(two)), 200, "/account/security", "needs two-factor authentication")

	sec, _ := e.enableTOTP(c.cookie(sessionCookie))
	p = c.expectPage(c.get("/login?rd="+url.QueryEscape(two)), 200, "/login", "log in again with your second factor")
	p = c.submit(p, "/login", url.Values{"email": {who}, "password": {testPassword}, "rd": {two}})
	e.Clock.Advance(30e9)
	expectAway(t, c.submit(p, "/login/2fa?", url.Values{"method": {"totp"}, "code": {coretest.TOTPCode(t, sec, e.Clock.Now())}}), two)
}
