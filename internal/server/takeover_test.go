package server

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// The tests in this file play someone who holds a session of the owner's
// (a stolen cookie or token) and tries to turn it into the account.

// TestStolenSessionCannotFinishOwnersTOTPSetup: a setup the owner began is
// neither shown to nor confirmed by another session, it expires after 15
// minutes, and a session fresh from its login cannot begin one without
// proving a second factor with the request.
func TestStolenSessionCannotFinishOwnersTOTPSetup(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	e.signUp(alice)
	owner := e.loginEmail(alice)
	thief := e.pageClient()
	thief.logIn(alice, testPassword)
	thiefToken := thief.cookie(sessionCookie)

	sec := e.beginTOTP(owner).str("secret")
	code := coretest.TOTPCode(t, sec, e.Clock.Now())

	// The thief's session sees no setup, on the page or through the API...
	thief.expectPage(thief.get("/account/security/totp/setup"), 200, "/account/security")
	// ...and cannot confirm the owner's with the owner's secret.
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", thiefToken, map[string]string{"code": code}), 409, "totp-setup-missing")
	// Nor can it begin one of its own, fresh from its login as it is,
	// without proving a second factor with the request (the code goes to
	// the owner's mailbox).
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", thiefToken, nil), 403, "2fa-required")
	e.stepUpCode(alice) // the owner's mailbox has it, not the thief
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", thiefToken, nil, "X-2FA-Method", "email", "X-2FA-Code", "000-000"), 403, "2fa-invalid")

	// The owner's setup expires after 15 minutes.
	e.Clock.Advance(16 * time.Minute)
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", owner, map[string]string{
		"code": coretest.TOTPCode(t, sec, e.Clock.Now()),
	}), 409, "totp-setup-missing")

	// Begun again (with proof), it is confirmed by the same session with
	// nothing more: the proof carries over for 15 minutes.
	sec = e.beginTOTP(owner).str("secret")
	e.Clock.Advance(14 * time.Minute)
	r := e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", owner, map[string]string{
		"code": coretest.TOTPCode(t, sec, e.Clock.Now()),
	}), 200, "")
	if len(r.strings("recoveryCodes")) != 12 {
		t.Fatalf("no recovery codes: %s", r.raw)
	}
}

// TestFreshStolenSessionCannotChangeEmail: a session that has just proved a
// second factor still cannot move the address without proving one again.
func TestFreshStolenSessionCannotChangeEmail(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	e.signUp(alice)
	thief := e.loginEmail(alice)
	r := e.expect(e.call("POST", "/api/v1/me/email", thief, map[string]string{"email": "thief@example.net"}), 403, "2fa-required")
	if !slices.Contains(r.strings("methods"), "email") || r.body["codeSent"] != true {
		t.Fatalf("2fa-required = %s", r.raw)
	}
	// The proof code went to the owner; the thief's guess is refused.
	e.expect(e.call("POST", "/api/v1/me/email", thief, map[string]string{"email": "thief@example.net"},
		"X-2FA-Method", "email", "X-2FA-Code", wrongCode(e.MailedCode(alice))), 403, "2fa-invalid")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "thief@example.net", "password": testPassword}), 401, "invalid-credentials")
}

// wrongCode returns a 6-digit email code other than code.
func wrongCode(code string) string {
	if code == "000-000" {
		return "111-111"
	}
	return "000-000"
}

var undoLinkRe = regexp.MustCompile(`/email/undo\?token=([A-Za-z0-9_%-]+)`)

// TestEmailChangeEndsOtherAccessAndCanBeUndone: a change ends every other
// session and trusted device; until the undo link expires, the new address
// cannot be used to remove the authenticator app; the link, used once,
// puts the old address back and ends every session.
func TestEmailChangeEndsOtherAccessAndCanBeUndone(t *testing.T) {
	e := newEnv(t)
	const alice, next = "alice@example.com", "alice@new.example"
	e.signUp(alice)
	changer := e.loginEmail(alice)
	sec, _ := e.enableTOTP(changer)
	// Another session, on a device remembered for the second step.
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	e.Clock.Advance(30 * time.Second)
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]any{
		"challenge": r.str("challenge"), "method": "totp", "code": coretest.TOTPCode(t, sec, e.Clock.Now()), "rememberDevice": true,
	}), 200, "")
	other, device := r.str("token"), r.str("deviceToken")
	if device == "" {
		t.Fatalf("no device token: %s", r.raw)
	}

	e.Clock.Advance(30 * time.Second)
	e.expect(e.call("POST", "/api/v1/me/email", changer, map[string]string{"email": next},
		"X-2FA-Method", "totp", "X-2FA-Code", coretest.TOTPCode(t, sec, e.Clock.Now())), 202, "")
	e.expect(e.call("POST", "/api/v1/me/email/confirm", changer, map[string]string{"email": next, "code": e.MailedCode(next)}), 200, "")

	// Every other session and trusted device has ended.
	e.expect(e.call("GET", "/api/v1/me", other, nil), 401, "unauthenticated")
	e.expect(e.call("GET", "/api/v1/me", changer, nil), 200, "")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": next, "password": testPassword}, "X-2FA-Device", device), 401, "2fa-required")

	// While the change can be undone, the new address is no proof for
	// removing the authenticator app.
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/disable", changer, nil), 403, "2fa-required")
	if slices.Contains(r.strings("methods"), "email") {
		t.Fatalf("the new address is offered as proof for removing TOTP: %s", r.raw)
	}
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/disable", changer, nil, "X-2FA-Method", "email"), 403, "2fa-required")
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/disable", changer, nil, "X-2FA-Method", "email", "X-2FA-Code", "123-456"), 400, "method-unavailable")

	// The old address got the undo link.
	m := e.WaitMail(alice, regexp.MustCompile(`email address was changed`))
	match := undoLinkRe.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no undo link in the mail to the old address:\n%s", m.Text)
	}
	token := match[1]
	e.expect(e.call("POST", "/api/v1/email/undo", "", map[string]string{"token": "not-a-token"}), 410, "undo-invalid")
	r = e.expect(e.call("POST", "/api/v1/email/undo", "", map[string]string{"token": token}), 200, "")
	if r.str("email") != alice {
		t.Fatalf("undo answered %s", r.raw)
	}
	e.expect(e.call("POST", "/api/v1/email/undo", "", map[string]string{"token": token}), 410, "undo-invalid")
	// Every session has ended, the changer's too; the old address signs in.
	e.expect(e.call("GET", "/api/v1/me", changer, nil), 401, "unauthenticated")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": next, "password": testPassword}), 401, "invalid-credentials")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	e.WaitMail(alice, regexp.MustCompile(`email address was put back`))
}

// TestEmailUndoLinkExpires: after 7 days the link does nothing, and the
// new address counts as a second factor again.
func TestEmailUndoLinkExpires(t *testing.T) {
	e := newEnv(t)
	const alice, next = "alice@example.com", "alice@new.example"
	e.signUp(alice)
	tok := e.loginEmail(alice)
	e.expect(e.call("POST", "/api/v1/me/email", tok, map[string]string{"email": next}), 403, "2fa-required")
	e.expect(e.call("POST", "/api/v1/me/email", tok, map[string]string{"email": next},
		"X-2FA-Method", "email", "X-2FA-Code", e.MailedCode(alice)), 202, "")
	e.expect(e.call("POST", "/api/v1/me/email/confirm", tok, map[string]string{"email": next, "code": e.MailedCode(next)}), 200, "")
	m := e.WaitMail(alice, regexp.MustCompile(`email address was changed`))
	match := undoLinkRe.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no undo link:\n%s", m.Text)
	}
	e.Clock.Advance(7*24*time.Hour + time.Second)
	e.expect(e.call("POST", "/api/v1/email/undo", "", map[string]string{"token": match[1]}), 410, "undo-invalid")
}

// TestPasswordChangeEndsOpenLogins: a login challenge opened with the old
// password gives no session after the password changed.
func TestPasswordChangeEndsOpenLogins(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	e.signUp(alice)
	owner := e.loginEmail(alice)
	// Someone with the old password opens a login and gets as far as the
	// code (say, by reading the owner's mail).
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	code := e.MailedCode(alice)
	e.expect(e.call("POST", "/api/v1/me/password", owner, map[string]string{
		"currentPassword": testPassword, "newPassword": "a brand new passphrase",
	}), 204, "")
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "email", "code": code}), 410, "challenge-expired")
}

// TestPagesEmailUndo: the link's page changes nothing until its button is
// pressed (mail scanners follow links), and then signs everyone out.
func TestPagesEmailUndo(t *testing.T) {
	e := newEnv(t)
	const alice, next = "alice@example.com", "alice@new.example"
	e.signUp(alice)
	c := e.pageClient()
	c.logIn(alice, testPassword)
	tok := c.cookie(sessionCookie)
	e.expect(e.call("POST", "/api/v1/me/email", tok, map[string]string{"email": next}), 403, "2fa-required")
	e.expect(e.call("POST", "/api/v1/me/email", tok, map[string]string{"email": next},
		"X-2FA-Method", "email", "X-2FA-Code", e.MailedCode(alice)), 202, "")
	e.expect(e.call("POST", "/api/v1/me/email/confirm", tok, map[string]string{"email": next, "code": e.MailedCode(next)}), 200, "")
	m := undoLinkRe.FindStringSubmatch(e.WaitMail(alice, regexp.MustCompile(`email address was changed`)).Text)
	if m == nil {
		t.Fatal("no undo link")
	}
	p := c.expectPage(c.get("/email/undo?token="+m[1]), 200, "/email/undo", "Undo the email change", `action="/email/undo"`)
	c.expectPage(c.get("/account"), 200, "/account", "<dd>alice@new.example</dd>")
	c.expectPage(c.submit(p, "/email/undo", url.Values{"token": {m[1]}}), 200, "/email/undo", "Your account's email address is alice@example.com again")
	c.expectPage(c.get("/account"), 200, "/login")
	c.expectPage(c.post("/email/undo", url.Values{"token": {m[1]}}), 410, "/email/undo")
	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}

// TestPagesConfirmLeavesOutNewAddress: while an email change can be undone,
// the confirm page of a factor change, shown again after a wrong code,
// does not offer the new address as a method.
func TestPagesConfirmLeavesOutNewAddress(t *testing.T) {
	e := newEnv(t)
	const alice, next = "alice@example.com", "alice@new.example"
	e.signUp(alice)
	c := e.pageClient()
	c.logIn(alice, testPassword)
	tok := c.cookie(sessionCookie)
	sec, _ := e.enableTOTP(tok)
	e.Clock.Advance(30 * time.Second)
	e.expect(e.call("POST", "/api/v1/me/email", tok, map[string]string{"email": next},
		"X-2FA-Method", "totp", "X-2FA-Code", coretest.TOTPCode(t, sec, e.Clock.Now())), 202, "")
	e.expect(e.call("POST", "/api/v1/me/email/confirm", tok, map[string]string{"email": next, "code": e.MailedCode(next)}), 200, "")

	p := c.expectPage(c.get("/account/security"), 200, "/account/security")
	p = c.submit(p, "/account/security/totp/disable", url.Values{"method": {"totp"}, "code": {coretest.WrongTOTP(t, sec, e.Clock.Now())}})
	if !strings.Contains(p.body, "Confirm it&#39;s you") || !strings.Contains(p.body, `name="method" value="totp"`) {
		t.Fatalf("no confirm page after a wrong code:\n%s", p.body)
	}
	if strings.Contains(p.body, `name="method" value="email"`) {
		t.Fatalf("the confirm page offers the new address as proof:\n%s", p.body)
	}
}
