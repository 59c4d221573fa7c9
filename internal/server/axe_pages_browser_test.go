package server

import (
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// The walks of TestBrowserAxe: each reaches its pages as a person does
// and audits each on the way.

// anyMail matches every subject: the mails come in the account's
// language, so the walks find what they need in the text instead.
var anyMail = regexp.MustCompile(`.`)

// mailed waits for the next mail to addr whose subject or text re finds
// something in, skipping the others, and returns what it found.
func (a *axeAudit) mailed(addr string, re *regexp.Regexp) string {
	a.t.Helper()
	for {
		if found := a.e.WaitMail(addr, anyMail).Find(re); found != "" {
			return found
		}
	}
}

// confirmWithApp answers the confirm page shown with the code of the
// authenticator app whose key is secret, at a step not used yet.
func (a *axeAudit) confirmWithApp(secret string) {
	a.t.Helper()
	a.e.Clock.Advance(30 * time.Second)
	a.do("confirm with the app's code",
		chromedp.Click(chromedp.CSS(`form[data-methods] input[name="method"][value="totp"]`)),
		chromedp.SendKeys(chromedp.ID("code"), coretest.TOTPCode(a.t, secret, a.e.Clock.Now())),
		chromedp.Click(chromedp.CSS(`form[data-methods] .actions button[type="submit"]`)),
	)
}

// guestPages signs who up and asks for a password reset link: sign-up,
// login, forgot password and the reset page.
func (a *axeAudit) guestPages(who string) {
	a.t.Helper()
	e := a.e
	a.do("open sign-up", chromedp.Navigate(e.srv.URL+"/signup"))
	a.page("signup")
	a.do("sign up",
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.SendKeys(chromedp.ID("name"), "Alice"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	a.do("wait for the notice", chromedp.WaitVisible(chromedp.CSS(`body[data-page="login"] .notice`)))
	a.page("login")

	a.do("open forgot password", chromedp.Navigate(e.srv.URL+"/password/forgot"))
	a.page("password_forgot")
	a.do("ask for a reset link",
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-page="password_forgot"] main .info`)),
	)
	a.do("open the reset link", chromedp.Navigate(a.mailed(who, resetLinkRe)))
	a.page("password_reset")
}

// accountPages logs who in (after a wrong password and a wrong code, to
// show the errors) with the emailed code and walks the account's pages:
// Security, My Account, the confirm page, TOTP setup, recovery
// codes, adding a security key, the consent and logout pages of the app
// rp, an error page, an email change and the undo link it mails, and the
// deletion of the account, which ends the walk logged out.
func (a *axeAudit) accountPages(who string, rp *relyingParty) {
	a.t.Helper()
	t, e := a.t, a.e
	a.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	a.waitPage("login")
	a.do("log in with a wrong password",
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.SendKeys(chromedp.ID("password"), "not the password"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-page="login"] main .alert`)),
	)
	a.forgetConsole("status of 401")
	a.page("login") // with the error
	a.do("log in",
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	a.waitPage("login_2fa")
	a.do("enter a wrong code",
		chromedp.SendKeys(chromedp.ID("code"), "000-000"),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-page="login_2fa"] main .alert`)),
	)
	a.forgetConsole("status of 401")
	a.page("login_2fa") // with the error
	a.do("enter the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), a.mailed(who, coretest.EmailCodeRe)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	a.page("security")
	if a.dir == "rtl" {
		a.checkMirrored()
	} else {
		a.do("show dark", showAs(auditViews[1]))
		a.screenshot("security-dark")
		a.do("show light", showAs(auditViews[0]))
	}
	a.do("open My Account", chromedp.Navigate(e.srv.URL+"/account"))
	a.page("account")

	a.do("open Security", chromedp.Navigate(e.srv.URL+"/account/security"))
	a.waitPage("security")
	a.do("enable TOTP", chromedp.Click(chromedp.CSS(`form[action="/account/security/totp/setup"] button`)))
	a.forgetConsole("status of 403") // the confirm page answers 403
	a.page("confirm")
	a.do("confirm with the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), a.mailed(who, coretest.EmailCodeRe)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	a.do("wait for the QR code", chromedp.WaitVisible(chromedp.ID("totp-qr")))
	a.page("totp_setup")
	secret := a.verifyApp()
	a.page("recovery_codes")

	a.do("open Security", chromedp.Navigate(e.srv.URL+"/account/security"))
	a.waitPage("security")
	a.do("add a key", chromedp.Click(chromedp.CSS(`#keys form[action="/account/security/keys/add"] button`)))
	a.waitPage("confirm")
	a.forgetConsole("status of 403")
	a.confirmWithApp(secret)
	a.page("webauthn_add")

	a.do("open the app", chromedp.Navigate(rp.srv.URL+"/start"))
	a.page("consent")
	a.do("allow", chromedp.Click(chromedp.CSS(`button[value="allow"]`)))
	a.waitPage("rp-home")
	res := rp.result()
	if res.err != "" {
		t.Fatalf("the app's sign-in failed: %s", res.err)
	}
	a.do("log out of the app", chromedp.Navigate(rp.logoutURL(res, "s1")))
	a.page("oidc_logout")
	a.do("stay signed in to twofa", chromedp.Click(chromedp.CSS(`button[value="stay"]`)))
	a.waitPage("rp-bye")

	a.do("open a page that is not there", chromedp.Navigate(e.srv.URL+"/account/nowhere"))
	a.forgetConsole("status of 404")
	a.page("error")

	next := strings.Replace(who, "@", "-new@", 1)
	a.do("change the email address",
		chromedp.Navigate(e.srv.URL+"/account"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-page="account"]`)),
		chromedp.SendKeys(chromedp.ID("new-email"), next),
		chromedp.Click(chromedp.CSS(`form[action="/account/email"] button[type="submit"]`)),
	)
	a.waitPage("confirm") // a change of address asks for a second factor
	a.forgetConsole("status of 403")
	a.confirmWithApp(secret)
	a.page("email_code")
	a.do("enter the code mailed to the new address",
		chromedp.SendKeys(chromedp.ID("code"), a.mailed(next, coretest.EmailCodeRe)),
		chromedp.Click(chromedp.CSS(`form[action="/account/email/confirm"] button[type="submit"]`)),
	)
	a.do("wait for the notice", chromedp.WaitVisible(chromedp.CSS(`body[data-page="account"] .notice`)))
	a.do("open the undo link mailed to the old address", chromedp.Navigate(e.srv.URL+"/email/undo?token="+a.mailed(who, undoLinkRe)))
	a.page("email_undo")

	a.do("open Delete account", chromedp.Navigate(e.srv.URL+"/account/delete"))
	a.waitPage("confirm")
	a.do("type the password", chromedp.SendKeys(chromedp.ID("password"), testPassword))
	a.confirmWithApp(secret)
	a.page("deleted")
}

// adminPages logs the administrator in with the app and audits the admin
// pages, then logs out.
func (a *axeAudit) adminPages(admin *adminEnv) {
	a.t.Helper()
	e := a.e
	e.Clock.Advance(30 * time.Second) // a TOTP step not used yet
	a.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	a.logIn(adminAddr, func() string { return coretest.TOTPCode(a.t, admin.adminSecret, e.Clock.Now()) })
	a.waitPage("security")
	for _, p := range []struct{ path, page string }{
		{"/admin", "admin_dashboard"},
		{"/admin/users", "admin_users"},
		{"/admin/users/" + admin.userID, "admin_user"},
		{"/admin/settings", "settings"},
	} {
		a.do("open "+p.path, chromedp.Navigate(e.srv.URL+p.path))
		a.page(p.page)
	}
	a.logOut()
}
