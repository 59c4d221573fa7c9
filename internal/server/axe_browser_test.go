package server

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// axeEnv names the environment variable that holds the path of axe-core's
// axe.min.js (installed from npm by .ci/run).
const axeEnv = "TWOFA_TEST_AXE_JS"

// axeSource returns axe-core's script, or skips the test when it is not
// installed (and fails it under CI, where it must be).
func axeSource(t *testing.T) string {
	t.Helper()
	const install = `npm install --no-save --prefix "$HOME/.cache/twofa-axe" axe-core@4, then ` +
		axeEnv + `="$HOME/.cache/twofa-axe/node_modules/axe-core/axe.min.js"`
	path := os.Getenv(axeEnv)
	src, err := os.ReadFile(path)
	if path == "" || err != nil {
		why := axeEnv + " is not set"
		if path != "" {
			why = err.Error()
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is missing (%s), and CI=true needs the accessibility audit: %s", why, install)
		}
		t.Skipf("skipping the accessibility audit: axe-core is missing (%s): %s", why, install)
	}
	return string(src)
}

// auditView is one way a page is shown to the audit.
type auditView struct {
	name   string
	dark   bool
	mobile bool // 375 px wide, else desktop width
}

// auditViews are the views each page is audited in.
var auditViews = []auditView{
	{"light desktop", false, false},
	{"dark desktop", true, false},
	{"light 375px", false, true},
	{"dark 375px", true, true},
}

// axeRun runs axe-core on the document and returns its serious and
// critical violations, one line each.
const axeRun = `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}).then(r =>
  r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
    v.impact + ' ' + v.id + ' (' + v.help + '): ' +
    v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']').join('; ')))`

// showAs emulates a view: the colour scheme and the viewport.
func showAs(v auditView) chromedp.Action[chromedp.Void] {
	scheme := "light"
	if v.dark {
		scheme = "dark"
	}
	viewport := chromedp.EmulateViewport(1100, 900)
	if v.mobile {
		viewport = chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)
	}
	return chromedp.Steps(
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
		viewport,
	)
}

// audit runs axe-core on the page shown, named page, in each view, in the
// direction the page was served in (and forced right to left too when
// rtl), and fails the test on any serious or critical violation. It leaves
// the page shown light at desktop width, in its own direction.
func (b *browserTest) audit(axe, page string, rtl bool) {
	b.t.Helper()
	b.waitPage(page)
	// The protocol's evaluation runs whatever the page's
	// Content-Security-Policy allows scripts to do.
	run(b, "load axe-core into "+page, chromedp.Evaluate[bool](axe+"\n;typeof axe === 'object'"))
	served := run(b, "read dir", chromedp.Evaluate[string](`document.documentElement.dir`))
	lang := run(b, "read lang", chromedp.Evaluate[string](`document.documentElement.lang`))
	dirs := []string{served}
	if rtl && served != "rtl" {
		dirs = append(dirs, "rtl")
	}
	for _, dir := range dirs {
		b.do("set dir="+dir, chromedp.Evaluate[chromedp.Void](`document.documentElement.dir = '`+dir+`'`))
		for _, v := range auditViews {
			b.do("show "+page+" "+v.name, showAs(v))
			ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
			found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
			cancel()
			if err != nil {
				b.t.Fatalf("run axe-core on %s (%s, %s, %s): %v", page, lang, v.name, dir, err)
			}
			for _, f := range found {
				b.t.Errorf("%s (%s, %s, %s): %s", page, lang, v.name, dir, f)
			}
		}
	}
	b.do("back to "+served+", light, desktop", chromedp.Evaluate[chromedp.Void](`document.documentElement.dir = '`+served+`'`), showAs(auditViews[0]))
}

// TestBrowserAxe audits every page kind with axe-core in headless Chromium
// (WCAG 2.1 A and AA and best practices), light and dark, at 375 px and at
// desktop width, and the login and Security pages right to left too: the
// guest pages, the login's second step, My Account, Security, step-up,
// TOTP setup and recovery codes, then the admin pages; then the guide's
// pages as served in German and in Arabic (right to left), from sign-up to
// My Account.
func TestBrowserAxe(t *testing.T) {
	axe := axeSource(t)
	e := newEnv(t)
	b := newBrowserTest(t, e)
	a := newAdminEnv(e)
	seedDashboard(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)

	b.do("open sign-up", chromedp.Navigate(e.srv.URL+"/signup"))
	b.audit(axe, "signup", false)
	b.do("open forgot password", chromedp.Navigate(e.srv.URL+"/password/forgot"))
	b.audit(axe, "password_forgot", false)
	b.do("open login", chromedp.Navigate(e.srv.URL+"/login"))
	b.audit(axe, "login", true)

	b.do("log in",
		chromedp.SendKeys(chromedp.ID("email"), alice),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.audit(axe, "login_2fa", false)
	b.do("enter the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), e.MailedCode(alice)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.audit(axe, "security", true)
	b.checkMirrored()
	b.do("show dark", showAs(auditViews[1]))
	b.screenshot("security-dark")
	b.do("show light", showAs(auditViews[0]))
	b.do("open My Account", chromedp.Navigate(e.srv.URL+"/account"))
	b.audit(axe, "account", false)

	b.do("open Security", chromedp.Navigate(e.srv.URL+"/account/security"))
	b.waitPage("security")
	b.do("enable TOTP", chromedp.Click(chromedp.CSS(`form[action="/account/security/totp/setup"] button`)))
	b.waitPage("confirm")
	b.forgetConsole("status of 403") // the step-up page answers 403
	b.audit(axe, "confirm", false)
	b.do("confirm with the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), e.stepUpCode(alice)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.audit(axe, "totp_setup", false)
	secret := strings.ReplaceAll(b.text("#totp-secret"), " ", "")
	b.do("verify the app's code",
		chromedp.SendKeys(chromedp.ID("code"), coretest.TOTPCode(t, secret, e.Clock.Now())),
		chromedp.Click(chromedp.CSS(`form.verify button[type="submit"]`)),
	)
	b.audit(axe, "recovery_codes", false)

	b.logOut()
	e.Clock.Advance(30 * time.Second) // a TOTP step not used yet
	b.logIn(adminAddr, func() string { return coretest.TOTPCode(t, a.adminSecret, e.Clock.Now()) })
	b.waitPage("security")
	for _, p := range []struct{ path, page string }{
		{"/admin", "admin_dashboard"},
		{"/admin/users", "admin_users"},
		{"/admin/users/" + a.userID, "admin_user"},
		{"/admin/settings", "settings"},
	} {
		b.do(fmt.Sprintf("open %s", p.path), chromedp.Navigate(e.srv.URL+p.path))
		b.audit(axe, p.page, false)
	}
	b.checkConsole()

	for _, g := range guides {
		b.logOut()
		b.speak(g.lang)
		g.loginShot, g.securityShot = "", "" // TestBrowserGuideTranslated takes them
		b.walkGuide(g, g.lang+"@example.com", func(page string) { b.audit(axe, page, false) })
	}
}

// checkMirrored shows the page right to left and checks that the User
// Panel sits on the left and its menu opens from the panel's left edge
// (its inline end), as the logical properties of app.css make it.
func (b *browserTest) checkMirrored() {
	b.t.Helper()
	b.do("set dir=rtl and open the User Panel",
		chromedp.Evaluate[chromedp.Void](`document.documentElement.dir = 'rtl'`),
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.user-panel .menu`)),
	)
	got := run(b, "measure the menu", chromedp.Evaluate[string](`(() => {
  const panel = document.querySelector('.user-panel').getBoundingClientRect();
  const menu = document.querySelector('.user-panel .menu').getBoundingClientRect();
  const side = Math.abs(menu.left - panel.left) < 1 ? 'left' : Math.abs(menu.right - panel.right) < 1 ? 'right' : 'neither';
  return side + ' ' + (panel.left < innerWidth / 2 ? 'start-left' : 'start-right');
})()`))
	if got != "left start-left" {
		b.t.Errorf("right to left, the User Panel and its menu are at %q, want the menu at the panel's left edge, the panel on the left", got)
	}
	b.do("close the User Panel and set dir back",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Evaluate[chromedp.Void](`document.documentElement.removeAttribute('dir')`),
	)
}
