package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestBrowserEnforcement: in headless Chromium, an administrator requires
// an authenticator app of every account with no grace period, on the
// settings page; a user without one logs in and lands on the enrolment,
// cannot reach My Account, sets the app up from the banner, and then
// reaches the rest.
func TestBrowserEnforcement(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	const boss, user = "boss@example.com", "user@example.com"
	bossSecret, _ := e.enableTOTP(e.admin(boss))
	e.signUp(user)
	e.Clock.Advance(30 * time.Second) // a new TOTP step for the login

	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.logIn(boss, func() string { return coretest.TOTPCode(t, bossSecret, e.Clock.Now()) })
	b.waitPage("security")
	b.do("open the settings", chromedp.Navigate(e.srv.URL+settingsPath))
	b.waitPage("settings")
	b.do("require an app of every account, with no grace",
		chromedp.SetValue(chromedp.ID("enforcement"), "all"),
		chromedp.Clear(chromedp.ID("enforcementGrace")),
		chromedp.SendKeys(chromedp.ID("enforcementGrace"), "0s"),
		chromedp.Click(chromedp.CSS(`form.settings-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	b.screenshot("admin-settings")
	if got := b.text(".notice"); !strings.HasPrefix(got, "The settings were saved") {
		t.Fatalf("notice after saving = %q", got)
	}
	if got := b.text("#setting-enforcement .source"); !strings.Contains(got, "set by boss@example.com") {
		t.Fatalf("the enforcement row says %q", got)
	}
	b.do("log out",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Click(chromedp.CSS(`.user-panel .menu button[type="submit"]`)),
	)

	b.logInWithMailedCode(user)
	b.waitPage("security")
	loc := run(b, "read the location", chromedp.Location())
	if !strings.HasSuffix(loc, enrollmentPage) {
		t.Fatalf("the login landed on %s, want the enrolment", loc)
	}
	if got := b.text("#enrollment-banner"); !strings.Contains(got, "the grace period ended") {
		t.Fatalf("banner = %q", got)
	}
	b.screenshot("enrollment-required")
	b.do("try My Account", chromedp.Navigate(e.srv.URL+"/account"))
	b.waitPage("security")
	if loc := run(b, "read the location", chromedp.Location()); !strings.HasSuffix(loc, enrollmentPage) {
		t.Fatalf("My Account went to %s, want the enrolment", loc)
	}

	b.do("set up an app from the banner", chromedp.Click(chromedp.CSS(`#enrollment-banner button`)))
	b.waitPage("confirm")
	b.forgetConsole("status of 403")
	b.do("confirm with the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), e.stepUpCode(user)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.waitPage("totp_setup")
	b.verifyApp()
	b.waitPage("recovery_codes")
	b.do("open My Account", chromedp.Navigate(e.srv.URL+"/account"))
	b.waitPage("account")
	if n := run(b, "look for the banner", chromedp.Evaluate[int](`document.querySelectorAll('#enrollment-banner').length`)); n != 0 {
		t.Fatal("the banner is still shown with an app set up")
	}
	b.checkConsole()
}
