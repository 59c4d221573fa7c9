package server

import (
	"net/url"
	"regexp"
	"testing"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestPagesKnownDevice: a browser that logged in keeps a known-device
// cookie; with it, the login page still lets the owner in after a stranger
// locked the address with wrong passwords, the code asked for again is the
// same one and the page says so, and the cookie keeps its token.
func TestPagesKnownDevice(t *testing.T) {
	e := newEnv(t)
	const owner = "pageowner@example.com"
	e.signUp(owner)
	c := e.pageClient()
	p := c.expectPage(c.post("/login", url.Values{"email": {owner}, "password": {testPassword}}), 200, "/login/2fa", "We sent a code")
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {e.latestCode(owner)}}), 200, "/account/security")
	known := c.cookie("twofa_known")
	if known == "" {
		t.Fatal("no twofa_known cookie after a login")
	}
	c.expectPage(c.submit(c.get("/account/security"), "/logout", nil), 200, "/login")

	for range 21 {
		e.login(owner, "a wrong password", "")
	}
	e.expect(e.login(owner, testPassword, ""), 429, "too-many-attempts")

	p = c.expectPage(c.post("/login", url.Values{"email": {owner}, "password": {testPassword}}), 200, "/login/2fa", "We sent a code")
	first := e.latestCode(owner)
	p = c.expectPage(c.submit(p, "/login/2fa/email?", nil), 200, "/login/2fa", "We sent your code again")
	if m := e.WaitMail(owner, regexp.MustCompile(`verification code`)); m.Find(coretest.EmailCodeRe) == "" {
		t.Fatal("no code in the mail")
	}
	if again := e.latestCode(owner); again != first {
		t.Fatalf("the code asked for again is %s, the first was %s", again, first)
	}
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {first}}), 200, "/account/security")
	if got := c.cookie("twofa_known"); got != known {
		t.Fatalf("twofa_known changed from %q to %q on a login from the known device", known, got)
	}
}
