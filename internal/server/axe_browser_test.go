package server

import (
	"context"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/core"
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
const axeRun = `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations']}).then(r =>
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

// auditLanguages are the languages every page is audited in (as the
// browser's Accept-Language), with the direction each is written in.
var auditLanguages = []struct{ code, dir string }{{"en", "ltr"}, {"ar", "rtl"}}

// axeAudit runs axe-core on the pages one browser shows in one language,
// and records which page it audited in which language.
type axeAudit struct {
	*browserTest
	axe       string
	lang, dir string
	done      map[string]bool // "page lang"
}

// page audits the page named page, shown now, in each view: it must be
// served in the audit's language and direction, and have no serious or
// critical violation. It leaves the page shown light at desktop width.
func (a *axeAudit) page(page string) {
	b := a.browserTest
	b.t.Helper()
	b.waitPage(page)
	attrs := run(b, "read <html>", chromedp.Attributes(chromedp.CSS("html")))
	if attrs["lang"] != a.lang || attrs["dir"] != a.dir {
		b.t.Fatalf("%s: <html lang=%q dir=%q>, want %s %s", page, attrs["lang"], attrs["dir"], a.lang, a.dir)
	}
	// The protocol's evaluation runs whatever the page's
	// Content-Security-Policy allows scripts to do.
	if !run(b, "load axe-core into "+page, chromedp.Evaluate[bool](a.axe+"\n;typeof axe === 'object'")) {
		b.t.Fatalf("axe-core did not load into %s", page)
	}
	for _, v := range auditViews {
		b.do("show "+page+" "+v.name, showAs(v))
		ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			b.t.Fatalf("run axe-core on %s (%s, %s): %v", page, a.lang, v.name, err)
		}
		for _, f := range found {
			b.t.Errorf("%s (%s, %s): %s", page, a.lang, v.name, f)
		}
	}
	b.do("back to light, desktop", showAs(auditViews[0]))
	a.done[page+" "+a.lang] = true
}

// TestBrowserAxe audits every page with axe-core in headless Chromium
// (WCAG 2.1 A and AA and best practices), in English and in Arabic (right
// to left), light and dark, at 375 px and at desktop width, and fails on
// any serious or critical violation. One browser and one twofa (with an
// app that signs in through it) serve both languages: in each, a new
// account walks from sign-up through the password reset, login, Security,
// TOTP setup, recovery codes, adding a security key, an app's consent and
// logout, an error page, an email change and its undo link, to deleting
// itself; then the administrator opens the admin pages. The test fails
// too when a page template is left out in either language.
func TestBrowserAxe(t *testing.T) {
	axe := axeSource(t)
	e := newLocalhostOIDCEnv(t)
	rp := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Grafana"})
	b := newBrowserTest(t, e)
	admin := newAdminEnv(e)
	seedDashboard(t, e)

	done := map[string]bool{}
	for _, l := range auditLanguages {
		b.speak(l.code)
		a := &axeAudit{browserTest: b, axe: axe, lang: l.code, dir: l.dir, done: done}
		who := l.code + "@example.com"
		a.guestPages(who)
		a.accountPages(who, rp)
		a.adminPages(admin)
	}
	b.checkConsole()

	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		page := strings.TrimSuffix(path.Base(f), ".html")
		if page+".html" == layoutFile {
			continue
		}
		for _, l := range auditLanguages {
			if !done[page+" "+l.code] {
				t.Errorf("the audit never showed the page %s in %s: add a step that reaches it", page, l.code)
			}
		}
	}
}

// checkMirrored shows the page right to left (as an Arabic page is
// served) and checks that the User Panel sits on the left and its menu
// opens from the panel's left edge (its inline end), as the logical
// properties of app.css make it.
func (b *browserTest) checkMirrored() {
	b.t.Helper()
	served := run(b, "read dir", chromedp.Evaluate[string](`document.documentElement.dir`))
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
		chromedp.Evaluate[chromedp.Void](`document.documentElement.dir = '`+served+`'`),
	)
}
