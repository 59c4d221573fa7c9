package server

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// logInTOTP signs the page client in with the password and a code of the
// authenticator app with secret, at a step not used yet.
func (c *pageClient) logInTOTP(addr, secret string) pageResp {
	c.t.Helper()
	c.e.Clock.Advance(30 * time.Second)
	p := c.expectPage(c.post("/login", url.Values{"email": {addr}, "password": {testPassword}}), 200, "/login/2fa")
	return c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"totp"},
		"code": {coretest.TOTPCode(c.t, secret, c.e.Clock.Now())}}), 200, "/account/security")
}

// TestAdminPages walks the admin pages as an administrator without
// script: the Admin link, the dashboard with its charts and their text,
// the user search and its pages, an account's page and its actions, made
// at once in a fresh session and after the confirm page's code in a stale
// one.
func TestAdminPages(t *testing.T) {
	e := newEnv(t)
	a := newAdminEnv(e)
	c := e.pageClient()
	c.logInTOTP(adminAddr, a.adminSecret)
	c.expectPage(c.get("/account/security"), 200, "/account/security", `<a role="menuitem" href="/admin">Admin</a>`)
	user := e.pageClient()
	if p := user.logIn(userAddr, testPassword); strings.Contains(p.body, `href="/admin"`) {
		t.Error("a user's Security page links to the admin pages")
	}

	c.expectPage(c.get("/admin"), 200, "/admin",
		`<nav class="admin-nav" aria-label="Administration">`, `href="/admin" aria-current="page">Dashboard</a>`,
		`href="/admin/settings"`,
		`<title id="adoption-title">Second factors of 2 accounts: Authenticator app 50.0%, Email codes only 50.0%, No second factor 0.0%</title>`,
		`Authenticator app: <strong>1</strong> (50.0%)`,
		`<svg class="activity-chart" viewBox="0 0 720 `, `role="img" aria-labelledby="activity-title activity-desc"`,
		`<desc id="activity-desc">From `, `: 4 successes, 0 failures and 0 lock-outs.`,
		`Second-factor successes: 4 in all, at most 4 a day`, "The numbers, day by day",
		`<link rel="stylesheet" href="/static/admin.css">`)

	p := c.expectPage(c.get("/admin/users?q=USER"), 200, "/admin/users", `href="/admin/users/`+a.userID+`">`+userAddr+`</a>`)
	if strings.Contains(p.body, adminAddr) {
		t.Error(`the search for "USER" lists the administrator`)
	}
	p = c.expectPage(c.get("/admin/users?limit=1"), 200, "/admin/users", adminAddr, `rel="next"`)
	next := c.expectPage(c.get("/admin/users?after=admin%40example.com&limit=1"), 200, "/admin/users", userAddr, "First page")
	if strings.Contains(next.body, `rel="next"`) {
		t.Error("the last page links to a next one")
	}
	c.expectPage(c.get("/admin/users?factor=sms"), 400, "/admin/users", `<p class="alert" role="alert">Factor: must be &#34;totp&#34;`)

	path := "/admin/users/" + a.userID
	p = c.expectPage(c.get(path), 200, path, `<dd id="factor">Email codes only</dd>`, `<dd id="sessions">2</dd>`,
		`action="`+path+`/reset-2fa"`, `action="`+path+`/unlock"`, `action="`+path+`/end-sessions"`,
		`action="`+path+`/disable"`, `action="`+path+`/role"`, `name="role" value="admin"`, "Logged in")
	if strings.Contains(p.body, `action="`+path+`/enable"`) {
		t.Error("an enabled account's page offers Enable")
	}

	// Fresh: the change is made at once.
	c.expectPage(c.submit(p, path+"/unlock", nil), 200, path, "The account&#39;s locks were lifted.")

	// Stale: the confirm page asks for the administrator's code first.
	a.stale()
	confirm := c.expectPage(c.submit(p, path+"/disable", nil), 403, path+"/disable", "Confirm it&#39;s you",
		"<strong>Disable account.</strong>", `value="totp" checked`, `href="`+path+`">`+userAddr+`</a>`)
	if u, _ := e.Store.UserByID(context.Background(), a.userID); u.Disabled() {
		t.Fatal("the account was disabled before the code was given")
	}
	c.expectPage(c.submit(confirm, path+"/disable", url.Values{"method": {"totp"}, "code": {"000000"}}), 403, path+"/disable",
		`<p class="alert" role="alert">Wrong code`)
	c.expectPage(c.submit(confirm, path+"/disable", url.Values{"method": {"totp"},
		"code": {coretest.TOTPCode(t, a.adminSecret, e.Clock.Now())}}), 200, path, "The account was disabled.", `action="`+path+`/enable"`)
	e.expect(e.login(userAddr, testPassword, ""), 403, "account-disabled")

	// The role form sends its role along, also through the confirm page.
	a.stale()
	confirm = c.expectPage(c.submit(p, path+"/role", url.Values{"role": {core.RoleAdmin}}), 403, path+"/role",
		`<input type="hidden" name="role" value="admin">`)
	c.e.Clock.Advance(30 * time.Second)
	c.expectPage(c.submit(confirm, path+"/role", url.Values{"role": {core.RoleAdmin}, "method": {"totp"},
		"code": {coretest.TOTPCode(t, a.adminSecret, e.Clock.Now())}}), 200, path, "The account&#39;s role was changed.",
		"Remove the administrator role", "Role changed by an administrator", "from user to administrator, by "+adminAddr)

	// A reset link, then the account's deletion, which leads back to the list.
	p = c.expectPage(c.submit(p, path+"/send-password-reset", nil), 200, path, "A password reset link is on its way")
	c.expectPage(c.submit(p, path+"/delete", nil), 200, "/admin/users", "The account was deleted.")
	c.expectPage(c.get(path), 404, path)
	c.expectPage(c.post(path+"/explode", nil), 404, path+"/explode", "There is no such change of an account.")
	c.expectPage(c.get("/admin/users/u_nobody"), 404, "/admin/users/u_nobody")
	for _, page := range c.pages {
		checkNoInlineCode(t, page)
	}
}
