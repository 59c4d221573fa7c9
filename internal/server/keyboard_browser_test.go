package server

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// focusState describes the focused element: a short name for messages,
// whether it is the one expected, and what is wrong with how it shows
// focus ("" when nothing).
type focusState struct {
	Name     string `json:"name"`
	Expected bool   `json:"expected"`
	Problem  string `json:"problem"`
}

// readFocus names the focused element, tells whether it matches the
// selector sel, and checks that it shows its focus: it takes up room on
// the page, matches :focus-visible, and draws an opaque outline at least
// 2 px wide (app.css draws 3 px; Chromium's own focus ring, 1 px, does
// not count) or a box shadow of non-zero size.
const readFocus = `((sel) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: 'body', expected: false, problem: 'nothing is focused'};
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('href') ? '[href="' + el.getAttribute('href') + '"]' : '') +
    ' "' + (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"';
  const expected = el.matches(sel);
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return {name, expected, problem: 'takes up no room on the page'};
  if (!el.matches(':focus-visible')) return {name, expected, problem: 'does not match :focus-visible'};
  const s = getComputedStyle(el);
  const clear = c => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !clear(s.outlineColor);
  const shadow = s.boxShadow !== 'none' && /[1-9]/.test(s.boxShadow.replace(/rgba?\([^)]*\)/g, ''));
  if (!outline && !shadow) {
    return {name, expected, problem: 'shows no outline of 2px or more and no box shadow (outline ' +
      s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor + ', box-shadow ' + s.boxShadow + ')'};
  }
  return {name, expected, problem: ''};
})`

// focusWindow makes the tab behave as a focused window: headless Chromium
// has none, and without one the element a page focuses by itself (an
// autofocus field) does not match :focus.
func (b *browserTest) focusWindow() {
	b.t.Helper()
	b.do("emulate a focused window", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
}

// checkFocus fails the test unless the focused element matches sel and
// shows its focus; how names the key press that moved it there.
func (b *browserTest) checkFocus(how, sel string) {
	b.t.Helper()
	f := run(b, "read the focus", chromedp.Evaluate[focusState](readFocus+"("+strconv.Quote(sel)+")"))
	if !f.Expected {
		b.t.Fatalf("after %s the focus is on %s, want %s", how, f.Name, sel)
	}
	if f.Problem != "" {
		b.t.Fatalf("after %s, focus on %s: %s", how, f.Name, f.Problem)
	}
}

// tab presses Tab once for each selector of stops, checking that the
// focus lands on the element it matches and shows it.
func (b *browserTest) tab(stops ...string) {
	b.t.Helper()
	for _, sel := range stops {
		b.do("press Tab", chromedp.KeyEvent(kb.Tab))
		b.checkFocus("Tab", sel)
	}
}

// shiftTab is tab with Shift+Tab, moving backwards.
func (b *browserTest) shiftTab(stops ...string) {
	b.t.Helper()
	for _, sel := range stops {
		b.do("press Shift+Tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
		b.checkFocus("Shift+Tab", sel)
	}
}

// press presses key (Enter or Space) on the focused element and waits for
// the page named next.
func (b *browserTest) press(key, next string) {
	b.t.Helper()
	b.do("press "+strconv.Quote(key), chromedp.KeyEvent(key))
	b.waitPage(next)
}

// typeText types text into the focused field.
func (b *browserTest) typeText(text string) {
	b.t.Helper()
	b.do("type "+strconv.Quote(text), chromedp.KeyEvent(text))
}

// Focus stops the pages share: the brand link and the User Panel of the
// top bar, its menu once open.
const (
	brandStop  = `header a.brand[href="/"]`
	panelStop  = `.user-panel summary`
	myAccount  = `.user-panel .menu a[href="/account"]`
	menuSecure = `.user-panel .menu a[href="/account/security"]`
	menuLogout = `.user-panel .menu button[type="submit"]`
)

// keyboardLogIn logs in from the login page shown with the keyboard
// alone: the address (the field has the focus), the password, then the
// emailed code on the second step, moving back to the method and forward
// again with Shift+Tab and Tab.
func (b *browserTest) keyboardLogIn(email string) {
	b.t.Helper()
	b.waitPage("login")
	b.checkFocus("loading the login page", "#email")
	b.typeText(email)
	b.tab("#password")
	b.typeText(testPassword)
	b.tab(`main form[action="/login"] button[type="submit"]`)
	b.press(kb.Enter, "login_2fa")

	b.checkFocus("loading the second step", "#code")
	b.shiftTab(`input[name="method"][value="email"]`)
	b.tab("#code")
	b.typeText(b.e.MailedCode(email))
	b.tab(`input[name="remember"]`, `form[data-methods] button[type="submit"]`)
	b.press(" ", "security")
}

// TestBrowserKeyboard walks the guide with the keyboard alone (Tab,
// Shift+Tab, Enter and Space, and typing into the focused field): sign up,
// log in with the emailed code, log out from the User Panel, log in again,
// open Security from the User Panel through My Account, enable the
// authenticator app (confirming with an emailed code), verify the app's
// code, copy the recovery codes and return to Security. Every key press
// must move the focus to the element expected next, and the focused
// element must show its focus.
func TestBrowserKeyboard(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	b.focusWindow()
	const alice = "alice@example.com"

	b.do("open the sign-up page", chromedp.Navigate(e.srv.URL+"/signup"))
	b.waitPage("signup")
	b.tab(brandStop, `.guest-nav a[href="/login"]`, `.guest-nav a[href="/signup"]`, "#email")
	b.typeText(alice)
	b.tab("#name")
	b.typeText("Alice")
	b.tab("#password")
	b.typeText(testPassword)
	b.tab(`main form[action="/signup"] button[type="submit"]`)
	b.press(kb.Enter, "login")
	if got := b.text(".notice"); got != "Account created. Two-factor authentication by email is on." {
		t.Fatalf("notice after sign-up = %q", got)
	}

	b.keyboardLogIn(alice)
	b.tab(brandStop, panelStop)
	b.do("open the User Panel with Enter", chromedp.KeyEvent(kb.Enter))
	b.tab(myAccount, menuSecure, menuLogout)
	b.press(kb.Enter, "login")
	if got := b.text(".notice"); got != "You are logged out." {
		t.Fatalf("notice after logout = %q", got)
	}

	b.keyboardLogIn(alice)
	b.tab(brandStop, panelStop)
	b.do("open the User Panel with Space", chromedp.KeyEvent(" "))
	b.tab(myAccount)
	b.press(kb.Enter, "account")
	b.tab(brandStop, panelStop, `main nav.tabs a[href="/account/security"]`)
	b.press(kb.Enter, "security")

	enable := `#totp form[action="/account/security/totp/setup"] button`
	b.tab(brandStop, panelStop, `main .crumbs a[href="/account"]`, enable)
	b.press(kb.Enter, "confirm")
	b.forgetConsole("status of 403") // the confirm page answers 403
	b.checkFocus("loading the confirm page", "#code")
	b.typeText(e.stepUpCode(alice))
	b.tab(`form[data-methods] .actions button[type="submit"]`)
	b.press(kb.Enter, "totp_setup")

	b.checkFocus("loading the setup page", "#code")
	b.shiftTab(`main .crumbs a[href="/account/security"]`)
	b.tab("#code")
	secret := strings.ReplaceAll(b.text("#totp-secret"), " ", "")
	b.typeText(coretest.TOTPCode(t, secret, e.Clock.Now()))
	b.tab(`form.verify button[type="submit"]`)
	b.press(kb.Enter, "recovery_codes")

	codes := run(b, "read the codes", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-code]'), el => el.dataset.code)`))
	if len(codes) != 12 {
		t.Fatalf("the page shows %d recovery codes, want 12: %v", len(codes), codes)
	}
	b.allowClipboard()
	b.tab(brandStop, panelStop, "#copy-codes")
	b.do("copy with Space",
		chromedp.KeyEvent(" "),
		chromedp.Poll[chromedp.Void](`document.getElementById('recovery-status').textContent.startsWith('Copied')`),
	)
	b.checkClipboard(codes, "twofa recovery codes for ")
	b.tab("#download-codes", `main .actions a[href="/account/security"]`)
	b.press(kb.Enter, "security")
	if got := b.text("#totp .badge"); got != "On" {
		t.Fatalf("after the setup the authenticator app is %q on the Security page", got)
	}
	b.checkConsole()
}
