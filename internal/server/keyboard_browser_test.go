package server

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusState describes the focused element: a short name for messages,
// and what is wrong with how it shows focus ("" when nothing).
type focusState struct {
	Name    string `json:"name"`
	Problem string `json:"problem"`
}

// readFocus names the focused element and checks that it shows its focus:
// it matches :focus-visible and has an outline or a box shadow.
const readFocus = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: 'body', problem: 'nothing is focused'};
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('href') ? '[href="' + el.getAttribute('href') + '"]' : '') +
    ' "' + (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"';
  if (!el.matches(':focus-visible')) return {name, problem: 'does not match :focus-visible'};
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  if (!outline && s.boxShadow === 'none') return {name, problem: 'shows no outline and no box shadow'};
  return {name, problem: ''};
})()`

// tabTo presses Tab until the element sel matches is focused, checking at
// each stop that the focus is visible.
func (b *browserTest) tabTo(sel string) {
	b.t.Helper()
	for range 30 {
		b.do("press Tab", chromedp.KeyEvent(kb.Tab))
		f := run(b, "read the focus", chromedp.Evaluate[focusState](readFocus))
		if f.Problem != "" {
			b.t.Fatalf("focus on %s: %s", f.Name, f.Problem)
		}
		if run(b, "match "+sel, chromedp.Evaluate[bool](`document.activeElement.matches(`+strconv.Quote(sel)+`)`)) {
			return
		}
	}
	b.t.Fatalf("30 presses of Tab never reached %s", sel)
}

// TestBrowserKeyboard: with the keyboard alone (Tab, Enter, Space) a
// person logs in with the emailed code and opens the Security page from
// the User Panel, and every element Tab stops at shows its focus.
func TestBrowserKeyboard(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)

	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.waitPage("login")
	b.do("type the address (the field has the focus)", chromedp.KeyEvent(alice))
	b.tabTo("#password")
	b.do("type the password", chromedp.KeyEvent(testPassword))
	b.tabTo(`main form button[type="submit"]`)
	b.do("press Enter", chromedp.KeyEvent(kb.Enter))

	b.waitPage("login_2fa")
	b.do("type the emailed code (the field has the focus)", chromedp.KeyEvent(e.MailedCode(alice)))
	b.tabTo(`form[data-methods] button[type="submit"]`)
	b.do("press Space", chromedp.KeyEvent(" "))

	b.waitPage("security")
	b.do("go to the account page", chromedp.Navigate(e.srv.URL+"/account"))
	b.waitPage("account")
	b.tabTo(".user-panel summary")
	b.do("open the User Panel with Enter", chromedp.KeyEvent(kb.Enter))
	b.tabTo(`.user-panel .menu a[href="/account/security"]`)
	b.do("follow Security with Enter", chromedp.KeyEvent(kb.Enter))
	b.waitPage("security")
	b.tabTo(`form[action="/account/security/totp/setup"] button`)
	b.checkConsole()
}
