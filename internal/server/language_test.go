package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// acceptLanguage sends an Accept-Language header with every request.
type acceptLanguage struct {
	lang string
	next http.RoundTripper
}

func (a acceptLanguage) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept-Language", a.lang)
	return a.next.RoundTrip(r)
}

// speaking makes the page client's browser ask for lang.
func (c *pageClient) speaking(lang string) *pageClient {
	c.c.Transport = acceptLanguage{lang: lang, next: http.DefaultTransport}
	return c
}

// mailTo waits for the next mail to addr whose subject matches subject.
func (e *env) mailTo(addr, subject string) (subj, text string) {
	e.t.Helper()
	m := e.WaitMail(addr, regexp.MustCompile(subject))
	return m.Subject, m.Text
}

// TestLanguageAPI: an account signed up with Accept-Language de starts in
// German and gets its code mail in German; POST /me/language switches it to
// Arabic (its password-reset mail follows) and refuses unknown codes; API
// error codes stay as they are while their message follows each request's
// Accept-Language.
func TestLanguageAPI(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{
		"email": alice, "password": testPassword, "name": "Alice",
	}, "Accept-Language", "de-DE,de;q=0.9,en;q=0.5"), 201, "")
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	subj, text := e.mailTo(alice, "Bestätigungscode")
	if subj != "Ihr Bestätigungscode für twofa-test" && !strings.HasPrefix(subj, "Ihr Bestätigungscode für ") {
		t.Errorf("subject %q", subj)
	}
	for _, want := range []string{"Hallo Alice,", "Ihr Bestätigungscode für die Anmeldung lautet:", "Minuten lang gültig"} {
		if !strings.Contains(text, want) {
			t.Errorf("code mail lacks %q:\n%s", want, text)
		}
	}
	code := regexp.MustCompile(`\b(\d{3}-\d{3})\b`).FindStringSubmatch(text)
	if code == nil {
		t.Fatalf("no code in:\n%s", text)
	}
	tok := e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "email", "code": code[1]}), 200, "").str("token")
	if got := e.expect(e.call("GET", "/api/v1/me", tok, nil), 200, "").str("language"); got != "de" {
		t.Fatalf("language after a German sign-up = %q, want de", got)
	}

	for _, bad := range []any{map[string]string{"language": "xx"}, map[string]string{"language": "de-AT"}, map[string]any{}} {
		got := e.expect(e.call("POST", "/api/v1/me/language", tok, bad), 400, "bad-request")
		if got.str("field") != "language" {
			t.Errorf("%v: field %q, want language", bad, got.str("field"))
		}
	}
	if got := e.expect(e.call("POST", "/api/v1/me/language", tok, map[string]string{"language": "ar"}), 200, "").str("language"); got != "ar" {
		t.Fatalf("language = %q, want ar", got)
	}
	e.expect(e.call("POST", "/api/v1/password/forgot", "", map[string]string{"email": alice}), 202, "")
	subj, text = e.mailTo(alice, "إعادة تعيين كلمة المرور")
	for _, want := range []string{"مرحبًا Alice،", "طلب أحدهم (من ", "/password/reset?token=", "خلال ٣٠ دقيقة"} {
		if !strings.Contains(text, want) {
			t.Errorf("reset mail (%s) lacks %q:\n%s", subj, want, text)
		}
	}

	// "" follows the browser again: mails go out in English.
	e.expect(e.call("POST", "/api/v1/me/language", tok, map[string]string{"language": ""}), 200, "")
	e.expect(e.call("POST", "/api/v1/password/forgot", "", map[string]string{"email": alice}), 202, "")
	if _, text := e.mailTo(alice, "Reset your"); !strings.Contains(text, "Someone asked (from ") {
		t.Errorf("English reset mail:\n%s", text)
	}

	// API messages: same code, message by Accept-Language.
	wrong := map[string]string{"email": alice, "password": "not the password"}
	for lang, want := range map[string]string{
		"":      "wrong email or password",
		"de":    "falsche E-Mail-Adresse oder falsches Passwort",
		"ar-SA": "البريد الإلكتروني أو كلمة المرور غير صحيحة",
		"nl":    "wrong email or password",
	} {
		got := e.expect(e.call("POST", "/api/v1/login", "", wrong, "Accept-Language", lang), 401, "invalid-credentials")
		if got.str("message") != want {
			t.Errorf("Accept-Language %q: message %q, want %q", lang, got.str("message"), want)
		}
	}
}

// TestLanguagePages: pages follow Accept-Language (<html lang dir>,
// Content-Language, translated text) until the account has a language of
// its own, which then wins over the browser's; My Account sets it.
func TestLanguagePages(t *testing.T) {
	e := newEnv(t)
	const bob = "bob@example.com"
	ar := e.pageClient().speaking("ar")
	p := ar.expectPage(ar.get("/signup"), 200, "/signup", `<html lang="ar" dir="rtl">`, "<h1>إنشاء حساب</h1>", `<label for="password">كلمة المرور</label>`)
	if p.header.Get("Content-Language") != "ar" {
		t.Errorf("Content-Language %q", p.header.Get("Content-Language"))
	}
	en := e.pageClient()
	en.expectPage(en.get("/signup"), 200, "/signup", `<html lang="en" dir="ltr">`, "<h1>Create an account</h1>")
	de := e.pageClient().speaking("de-CH, en;q=0.5")
	de.expectPage(de.get("/login"), 200, "/login", `<html lang="de" dir="ltr">`, "<h1>Anmelden</h1>", "Passwort vergessen?")
	es := e.pageClient().speaking("es-MX")
	es.expectPage(es.get("/signup"), 200, "/signup", `<html lang="es" dir="ltr">`, "<h1>Crear una cuenta</h1>")
	fr := e.pageClient().speaking("fr-CA,fr;q=0.9")
	fr.expectPage(fr.get("/login"), 200, "/login", `<html lang="fr" dir="ltr">`, "<h1>Se connecter</h1>", "Mot de passe oublié ?")

	ar.expectPage(ar.submit(p, "/signup", url.Values{"email": {bob}, "name": {"Bob"}, "password": {testPassword}}), 200, "/login")
	u, err := e.Store.UserByEmail(t.Context(), bob)
	if err != nil {
		t.Fatal(err)
	}
	if u.Language != "ar" {
		t.Fatalf("an account signed up in Arabic has language %q", u.Language)
	}

	// The German browser logs in to the Arabic account: the account wins.
	login := de.expectPage(de.post("/login", url.Values{"email": {bob}, "password": {testPassword}}), 200, "/login/2fa")
	if !strings.Contains(login.body, `<html lang="de"`) {
		t.Errorf("before the login ends the browser's language applies:\n%s", login.body)
	}
	code := e.WaitMail(bob, regexp.MustCompile(`رمز التحقق`)).Find(coretest.EmailCodeRe)
	wrong := "000-000"
	if code == wrong {
		wrong = "111-111"
	}
	// Before the login ends, errors are in the browser's language.
	de.expectPage(de.submit(login, "/login/2fa?", url.Values{"method": {"email"}, "code": {wrong}}), 401, "/login/2fa",
		`<p class="alert" role="alert">Falscher E-Mail-Code. Noch 4 Versuche übrig.</p>`)
	de.expectPage(de.submit(login, "/login/2fa?", url.Values{"method": {"email"}, "code": {code}}), 200, "/account/security",
		`<html lang="ar" dir="rtl">`, "<h1>الأمان</h1>", "لوحة المستخدم")
	acc := de.expectPage(de.get("/account"), 200, "/account", `<option value="ar" lang="ar" selected>العربية</option>`)
	de.expectPage(de.submit(acc, "/account/language", url.Values{"language": {"de"}}), 200, "/account",
		`<html lang="de" dir="ltr">`, "<h1>Mein Konto</h1>", "Sprache gespeichert.", `<option value="de" lang="de" selected>Deutsch</option>`)
	de.expectPage(de.submit(acc, "/account/language", url.Values{"language": {"klingon"}}), 400, "/account/language",
		`id="language-error"`, "&#34;klingon&#34; ist keine unterstützte Sprache")
	// "" follows the browser again.
	de.expectPage(de.submit(acc, "/account/language", url.Values{"language": {""}}), 200, "/account", `<html lang="de"`)
	if u, _ := e.Store.UserByEmail(t.Context(), bob); u.Language != "" {
		t.Errorf("language after choosing the browser's: %q", u.Language)
	}
}
