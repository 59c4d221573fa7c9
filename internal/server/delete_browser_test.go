package server

import (
	"context"
	"errors"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestBrowserDeleteAccount: in headless Chromium, the owner opens "Delete
// account" at the bottom of the Security page, has a code mailed, enters
// the password and the code, and lands on the page that says the account
// was deleted; the account is gone and the browser is logged out.
func TestBrowserDeleteAccount(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)

	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.logInWithMailedCode(alice)
	b.waitPage("security")
	b.do("open Delete account", chromedp.Click(chromedp.CSS(`#delete-account a.button`)))
	b.waitPage("confirm")
	if got := b.text("h1"); got != "Confirm it's you" {
		t.Fatalf("the deletion's confirm page is headed %q", got)
	}
	b.do("ask for a code",
		chromedp.Click(chromedp.CSS(`form.inline-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.info`)),
	)
	b.forgetConsole("403") // the page that says a code was sent answers 403 (a proof is needed)
	b.do("fill in the password and the code",
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.SendKeys(chromedp.ID("code"), e.stepUpCode(alice)),
	)
	b.screenshot("delete-account")
	b.do("confirm the deletion", chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)))
	b.waitPage("deleted")
	if got := b.text("h1"); got != "Your account was deleted" {
		t.Fatalf("after the deletion the page is headed %q", got)
	}
	if _, err := e.Store.UserByEmail(context.Background(), alice); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("the account is still there: %v", err)
	}
	b.do("open the Security page again", chromedp.Navigate(e.srv.URL+"/account/security"))
	b.waitPage("login")
	b.checkConsole()
}
