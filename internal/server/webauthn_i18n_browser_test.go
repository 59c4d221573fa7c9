package server

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserWebAuthnTextsTranslated: in headless Chromium speaking
// German, with a virtual authenticator, a key is added; adding the same
// key again is refused by the authenticator, and webauthn.js says so in
// German, with the text the page hands it.
func TestBrowserWebAuthnTextsTranslated(t *testing.T) {
	e := newLocalhostEnv(t)
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)
	// The account follows the browser's language; its mails are English.
	e.expect(e.call("POST", "/api/v1/me/language", e.loginEmail(alice), map[string]string{"language": ""}), 200, "")
	b.speak("de")
	b.addAuthenticator(false)
	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.logInWithMailedCode(alice)
	b.waitPage("security")

	// The first key is confirmed with an emailed code, the second with
	// the first key.
	add := func(confirm func() []chromedp.Action[chromedp.Void]) {
		b.do("add a key", chromedp.Click(chromedp.CSS(`#keys form[action="/account/security/keys/add"] button`)))
		b.waitPage("confirm")
		b.do("confirm it's you", confirm()...)
		b.waitPage("webauthn_add")
		if got := b.text(`form[data-webauthn="create"] button[type="submit"]`); got != "Schlüssel hinzufügen" {
			t.Fatalf("the button says %q", got)
		}
		b.do("create the key", chromedp.Click(chromedp.CSS(`form[data-webauthn="create"] button[type="submit"]`)))
	}
	add(func() []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.ID("code"), e.stepUpCode(alice)),
			chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`))}
	})
	b.waitPage("security")
	add(func() []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`#key-form button[type="submit"]`))}
	})
	const want = "Dieser Sicherheitsschlüssel ist bereits für Ihr Konto registriert."
	b.do("wait for the refusal", chromedp.Poll[chromedp.Void](
		`(e => e && !e.hidden && e.textContent === `+strconv.Quote(want)+`)(document.querySelector('[data-webauthn-error]'))`))
	b.forgetConsole("status of 403") // the confirm pages answer 403
	b.checkConsole()
}
