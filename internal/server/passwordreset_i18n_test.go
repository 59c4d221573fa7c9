package server

import (
	"net/url"
	"strings"
	"testing"
)

// TestPasswordResetPagesTranslated walks "Forgot password?" with a German
// browser: the pages, the lifetime of the link, the error of a dead link,
// the mismatch of the two passwords and the notice on the login page are
// German, and none of them keeps the English text.
func TestPasswordResetPagesTranslated(t *testing.T) {
	e := newEnv(t)
	c := e.pageClient().speaking("de")
	const who = "pages-de@example.com"
	e.signUp(who)

	p := c.expectPage(c.get("/password/forgot"), 200, "/password/forgot", "<title>Passwort vergessen", "Link senden", "Doch wieder eingefallen?")
	c.expectPage(c.submit(p, "/password/forgot", url.Values{"email": {who}}), 200, "/password/forgot",
		"Der Link funktioniert einmal, innerhalb von 30 Minuten.", "Zurück zur Anmeldung")
	c.expectPage(c.get("/password/reset?token=nope"), 400, "/password/reset",
		"Dieser Link zum Zurücksetzen ist unbekannt", "(Links funktionieren einmal, innerhalb von 30 Minuten)", "und 30 Minuten lang.", "Neuen Link anfordern")
	link := e.resetLink(who)
	p = c.expectPage(c.get(link.RequestURI()), 200, "/password/reset", "Neues Passwort wählen", "Neues Passwort festlegen")
	tok := link.Query().Get("token")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"one new passphrase"}, "confirmPassword": {"another one"}}),
		400, "/password/reset", "Die beiden Passwörter unterscheiden sich")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"one new passphrase"}, "confirmPassword": {"one new passphrase"}}),
		200, "/login", "Ihr Passwort wurde zurückgesetzt")
	for _, p := range c.pages {
		for _, english := range []string{"reset link", "Forgot password<", "within 30 minutes", "passwords differ", "password was reset", "Choose a new password"} {
			if strings.Contains(p.body, english) {
				t.Errorf("%s: English %q on a German page", p.url, english)
			}
		}
	}
}
