package server

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestAPIDeleteAccount: DELETE /api/v1/me needs the password and a proof
// with the request; then it answers 204, clears the session cookie, and
// nothing of the account is left in the store but the event of its
// deletion; the goodbye notice goes out; another account is untouched;
// the address signs up again.
func TestAPIDeleteAccount(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const alice, bob = "alice@example.com", "bob@example.com"
		e.signUp(alice)
		e.signUp(bob)
		token := e.loginEmail(alice)
		bobToken := e.loginEmail(bob)
		sec, _ := e.enableTOTP(token)
		id := e.userID(alice)
		before := coretest.FootprintOf(t, e.Store, id, nil)
		if !before.User || len(before.Sessions) == 0 || len(before.KnownDevices) == 0 || before.RecoveryCodes == 0 || len(before.Events) == 0 {
			t.Fatalf("the account lacks a part before its deletion: %+v", before)
		}
		bobBefore := coretest.FootprintOf(t, e.Store, e.userID(bob), nil)
		totp := func() string {
			e.Clock.Advance(30 * time.Second)
			return coretest.TOTPCode(t, sec, e.Clock.Now())
		}
		del := func(body any, headers ...string) reply {
			return e.call("DELETE", "/api/v1/me", token, body, headers...)
		}

		r := e.expect(del(map[string]string{"password": testPassword}), 403, "2fa-required")
		if r.str("method") != "totp" || !reflect.DeepEqual(r.strings("methods"), []string{"totp", "email", "recovery"}) || r.body["codeSent"] != false {
			t.Fatalf("2fa-required offers %s", r.raw)
		}
		r = e.expect(del(map[string]string{"password": "not my password"}, "X-2FA-Method", "totp", "X-2FA-Code", totp()), 403, "wrong-password")
		if r.str("field") != "password" || r.num("attemptsLeft") != 4 {
			t.Fatalf("wrong password: %s", r.raw)
		}
		e.expect(del(map[string]string{"password": testPassword}, "X-2FA-Method", "totp", "X-2FA-Code", "000000"), 403, "2fa-invalid")
		r = e.expect(del(map[string]string{"pass": testPassword}, "X-2FA-Method", "totp", "X-2FA-Code", totp()), 400, "bad-request")
		if r.str("field") != "pass" {
			t.Fatalf("unknown field: %s", r.raw)
		}
		e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")

		r = e.expect(del(map[string]string{"password": testPassword}, "X-2FA-Method", "totp", "X-2FA-Code", totp()), 204, "")
		if c := r.header.Get("Set-Cookie"); !strings.HasPrefix(c, "twofa_session=;") || !strings.Contains(c, "Max-Age=0") {
			t.Errorf("the session cookie is not cleared: Set-Cookie %q", c)
		}
		e.expect(e.call("GET", "/api/v1/me", token, nil), 401, "unauthenticated")
		e.expect(del(map[string]string{"password": testPassword}), 401, "unauthenticated")

		after := coretest.FootprintOf(t, e.Store, id, &before)
		if len(after.Events) != 1 || after.Events[0].Type != core.EventAccountDeleted || after.Events[0].Detail != alice+" by self" {
			t.Fatalf("events left of the deleted account: %+v, want only its deletion", after.Events)
		}
		after.Events = nil
		if !after.Empty() {
			t.Fatalf("left of the deleted account: %+v", after)
		}
		if got := coretest.FootprintOf(t, e.Store, e.userID(bob), nil); !reflect.DeepEqual(got, bobBefore) {
			t.Errorf("the other account changed:\n%+v\nwas\n%+v", got, bobBefore)
		}
		e.expect(e.call("GET", "/api/v1/me", bobToken, nil), 200, "")
		e.WaitMail(alice, regexp.MustCompile(`^Your twofa account was deleted$`))

		e.signUp(alice)
		again := e.loginEmail(alice)
		if me := e.expect(e.call("GET", "/api/v1/me", again, nil), 200, ""); me.str("id") == id {
			t.Errorf("the new account has the deleted one's id %s", id)
		}
	})
}

// userID returns the id of the account with this address.
func (e *env) userID(addr string) string {
	e.t.Helper()
	u, err := e.Store.UserByEmail(context.Background(), addr)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// TestPagesDeleteAccount deletes an account from the Security page: the
// confirm page mails nothing until asked, a wrong password is shown
// without being sent back, and the right password with the code deletes
// the account, signs the browser out and shows that it is gone.
func TestPagesDeleteAccount(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	e.signUp(alice)
	c := e.pageClient()
	c.logIn(alice, testPassword)

	p := c.expectPage(c.get("/account/security"), 200, "/account/security", `id="delete-account"`, `href="/account/delete"`)
	mailed := len(e.Mail.Messages())
	p = c.expectPage(c.get("/account/delete"), 200, "/account/delete", "Delete your account", "This cannot be undone",
		`name="password"`, `autocomplete="current-password"`, `value="email" checked`, "Email me a code",
		`<button type="submit" class="button danger">Delete my account</button>`, `href="/account/security">Cancel<`)
	e.WaitMailBacklog(0)
	if n := len(e.Mail.Messages()); n != mailed {
		t.Fatalf("showing the confirm page mailed %d messages", n-mailed)
	}
	p = c.expectPage(c.submit(p, "/account/delete", url.Values{"method": {"email"}, "code": {""}}), 403, "/account/delete",
		"We sent a code to alice@example.com")
	code := e.stepUpCode(alice)
	p = c.expectPage(c.submit(p, "/account/delete", url.Values{"password": {"not my password"}, "method": {"email"}, "code": {code}}),
		403, "/account/delete", `id="password-error"`, "This is not your current password. 4 attempts left.")
	if strings.Contains(p.body, "not my password") {
		t.Fatalf("the refused form sent the password back:\n%s", p.body)
	}
	c.expectPage(c.submit(p, "/account/delete", url.Values{"password": {testPassword}, "method": {"email"}, "code": {code}}),
		200, "/account/deleted", "Your account was deleted", `href="/signup"`)
	if c.cookie(sessionCookie) != "" {
		t.Error("the session cookie is still set")
	}
	if _, err := e.Store.UserByEmail(context.Background(), alice); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("the account is still there: %v", err)
	}
	c.expectPage(c.get("/account/security"), 200, "/login")
	e.WaitMail(alice, regexp.MustCompile(`account was deleted`))
	for _, pg := range c.pages {
		checkNoInlineCode(t, pg)
	}
}

// TestPagesDeleteAccountWithoutFactor: an account with no second factor
// confirms the deletion with its password alone.
func TestPagesDeleteAccountWithoutFactor(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	const bare = "bare@example.com"
	e.signUp(bare)
	c := e.pageClient()
	c.expectPage(c.post("/login", url.Values{"email": {bare}, "password": {testPassword}}), 200, "/account/security")

	p := c.expectPage(c.get("/account/delete"), 200, "/account/delete", `name="password"`, "Enter your password.")
	if strings.Contains(p.body, `name="code"`) || strings.Contains(p.body, `name="method"`) {
		t.Fatalf("the confirm page of an account without a second factor asks for a code:\n%s", p.body)
	}
	p = c.expectPage(c.submit(p, "/account/delete", url.Values{}), 400, "/account/delete", `id="password-error"`)
	c.expectPage(c.submit(p, "/account/delete", url.Values{"password": {testPassword}}), 200, "/account/deleted")
	if _, err := e.Store.UserByEmail(context.Background(), bare); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("the account is still there: %v", err)
	}
}
