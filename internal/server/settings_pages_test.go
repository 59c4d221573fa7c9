package server

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// pageLogin logs a page client in with the password and the mailed code
// and returns the page it lands on.
func (c *pageClient) pageLogin(email string) pageResp {
	c.t.Helper()
	p := c.expectPage(c.post("/login", url.Values{"email": {email}, "password": {testPassword}}), 200, "/login/2fa")
	return c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {c.e.MailedCode(email)}})
}

// TestSettingsPage: the settings page shows each setting and its source
// to administrators only; a change is checked before anything else, made
// at once after a recent second factor, and otherwise after the confirm
// page, which carries the form along.
func TestSettingsPage(t *testing.T) {
	e := newEnv(t)
	if _, err := e.Svc.CreateAdmin(context.Background(), core.SignUpInput{Email: "boss@example.com", Password: testPassword, Name: "Boss"}, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	e.signUp("user@example.com")
	u := e.pageClient()
	u.pageLogin("user@example.com")
	u.expectPage(u.get("/admin/settings"), 403, "/admin/settings", "Only administrators may do this")

	c := e.pageClient()
	c.expectPage(c.pageLogin("boss@example.com"), 200, "/account/security")
	p := c.expectPage(c.get("/admin/settings"), 200, "/admin/settings", "<h1>Settings</h1>",
		"Second factors", "Authenticator app requirement", "Guessing limits",
		`name="totpSkew"`, `value="1"`, `<option value="off" selected>Off</option>`,
		`name="allowedMethods" value="totp" checked`, "Now <strong>10m</strong>: default.", "Now <strong>Authenticator app (TOTP), Email codes</strong>: default.")
	for _, name := range []string{"allowedMethods", "email2faDefault", "signupOpen", "totpSkew", "emailCodeTtl", "stepUpFreshness",
		"trustedDeviceTtl", "secondFactorAttempts", "secondFactorLock", "secondFactorMaxLock", "loginAttempts", "loginMaxLock",
		"enforcement", "enforcementGrace"} {
		if !strings.Contains(p.body, `id="setting-`+name+`"`) {
			t.Errorf("the page lacks %s", name)
		}
	}

	p = c.expectPage(c.submit(p, "/admin/settings", url.Values{"totpSkew": {"2"}, "emailCodeTtl": {"10m"}}), 200, "/admin/settings",
		"The settings were saved", `Now <strong>2</strong>: set by boss@example.com on <time datetime="2026-11-26T12:00:00Z">26 Nov 2026, 12:00 UTC</time>.`, `name="reset" value="totpSkew"`)
	if got := e.Svc.Config(); got.TOTPSkew != 2 || got.EmailCodeTTL != 10*time.Minute {
		t.Fatalf("after saving: skew %d, ttl %s", got.TOTPSkew, got.EmailCodeTTL)
	}
	p = c.expectPage(c.submit(p, "/admin/settings", url.Values{"emailCodeTtl": {"soon"}, "totpSkew": {"0"}}), 400, "/admin/settings",
		`id="emailCodeTtl-error"`, "&#34;soon&#34; is not a duration", "nothing was saved", `value="soon"`)
	if e.Svc.Config().TOTPSkew != 2 {
		t.Fatal("a refused form changed a setting")
	}

	// An hour on, saving asks for a second factor, and the confirm page
	// sends the form along.
	e.Clock.Advance(time.Hour)
	p = c.expectPage(c.submit(p, "/admin/settings", url.Values{"signupOpen": {"false"}, "allowedMethods": {"", "totp", "email"}}),
		403, "/admin/settings", "Confirm it&#39;s you", "Save the settings", `<input type="hidden" name="signupOpen" value="false">`)
	if e.Svc.Config().SignupClosed {
		t.Fatal("saved without the second factor")
	}
	c.expectPage(c.submit(p, "/admin/settings", url.Values{"method": {"email"}, "code": {e.stepUpCode("boss@example.com")},
		"signupOpen": {"false"}, "allowedMethods": {"", "totp", "email"}}), 200, "/admin/settings", "The settings were saved")
	if !e.Svc.Config().SignupClosed {
		t.Fatal("the confirmed form was not saved")
	}
	p = c.expectPage(c.submit(p, "/admin/settings", url.Values{"reset": {"totpSkew"}}), 200, "/admin/settings", "The settings were saved")
	if e.Svc.Config().TOTPSkew != 1 {
		t.Fatal("reset did not take the drift window back to its default")
	}
	for _, p := range append(c.pages, u.pages...) {
		checkNoInlineCode(t, p)
	}
}

// TestEnrollmentPages: during the grace period every page shows how much
// is left; after the deadline every page but the Security page and the
// app's setup sends the browser to the setup, a login lands there, and
// setting up the app opens everything again.
func TestEnrollmentPages(t *testing.T) {
	e := newEnv(t)
	changes := map[string]json.RawMessage{"enforcement": json.RawMessage(`"all"`), "enforcementGrace": json.RawMessage(`"72h"`)}
	if _, err := e.Svc.UpdateSettings(context.Background(), changes, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	const who = "late@example.com"
	e.signUp(who)
	c := e.pageClient()
	c.expectPage(c.pageLogin(who), 200, "/account/security", `id="enrollment-banner"`, "Set one up within <strong>3 days</strong>")
	c.expectPage(c.get("/account"), 200, "/account", "within <strong>3 days</strong>", "Change password")

	e.Clock.Advance(72 * time.Hour)
	for _, p := range []pageResp{
		c.get("/account"),
		c.post("/account/password", url.Values{"currentPassword": {testPassword}, "newPassword": {"another long password"}, "confirmPassword": {"another long password"}}),
		c.post("/account/security/devices/revoke", url.Values{"id": {""}}),
	} {
		if p.url.Path != "/account/security" || p.url.Query().Get("notice") != enrollmentNotice {
			t.Errorf("a restricted session ended at %s", p.url)
		}
		c.expectPage(p, 200, "/account/security", "the grace period ended on", "Set one up below to go on")
	}
	p := c.expectPage(c.post("/logout", nil), 200, "/login")
	p = c.pageLogin(who)
	if p.url.Path != "/account/security" || p.url.Query().Get("notice") != enrollmentNotice {
		t.Fatalf("the login landed on %s, want the enrolment", p.url)
	}
	p = c.expectPage(c.submit(p, "/account/security/totp/setup", nil), 403, "/account/security/totp/setup", "Confirm it&#39;s you")
	p = c.expectPage(c.submit(p, "/account/security/totp/setup", url.Values{"method": {"email"}, "code": {e.stepUpCode(who)}}),
		200, "/account/security/totp/setup", "totp-secret")
	sec := setupSecret(t, p)
	c.expectPage(c.get("/account/security/totp/setup"), 200, "/account/security/totp/setup", "totp-secret")
	c.expectPage(c.submit(p, "/account/security/totp/verify", url.Values{"code": {coretest.TOTPCode(t, sec, e.Clock.Now())}}),
		200, "/account/security/totp/verify", "Your recovery codes")
	if p := c.expectPage(c.get("/account"), 200, "/account", "Change password"); strings.Contains(p.body, "enrollment-banner") {
		t.Error("the banner is still shown with an app set up")
	}
	for _, p := range c.pages {
		checkNoInlineCode(t, p)
	}
}
