package server

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/webauthntest"
)

// expectAll fails when p, the page called what, lacks any of the texts
// want.
func expectAll(t *testing.T, p pageResp, what string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.body, w) {
			t.Errorf("%s (%s) lacks %q:\n%s", p.url, what, w, p.body)
		}
	}
}

// expectNone fails when p shows any of the English texts.
func expectNone(t *testing.T, p pageResp, english ...string) {
	t.Helper()
	for _, s := range english {
		if strings.Contains(p.body, s) {
			t.Errorf("%s: English %q on a translated page", p.url, s)
		}
	}
}

// TestTranslatedSecurityActivity: the Security page's activity list in
// German, then Arabic: labels, details and the sentence of a run of
// failed logins are messages of the page's language, with its digits; the
// change of language itself is listed with the language's name.
func TestTranslatedSecurityActivity(t *testing.T) {
	e := newEnv(t)
	const bob = "bob@example.com"
	e.signUp(bob)
	tok := e.loginEmail(bob)
	c := e.pageClient().speaking("de")
	for range 2 {
		c.expectPage(c.post("/login", url.Values{"email": {bob}, "password": {"not the password"}}), 401, "/login")
	}
	c.logIn(bob, testPassword)
	acc := c.expectPage(c.get("/account"), 200, "/account")
	p := c.expectPage(c.submit(acc, "/account/language", url.Values{"language": {"de"}}), 200, "/account", "Sprache gespeichert.")
	p = c.expectPage(c.get("/account/security"), 200, "/account/security",
		`<html lang="de" dir="ltr">`,
		`Sprache geändert<span class="detail">Deutsch</span>`,
		`Angemeldet<span class="detail">mit einem E-Mail-Code</span>`,
		">2 fehlgeschlagene Anmeldungen von 1 Adresse<",
		">Konto erstellt<",
		"Ereignisse werden 90 Tage lang aufbewahrt")
	expectNone(t, p, "Language changed", "failed login", "Logged in", "with an email code", " from 1 address", "Account created")

	c.expectPage(c.submit(acc, "/account/language", url.Values{"language": {"ar"}}), 200, "/account", "حُفظت اللغة.")
	p = c.expectPage(c.get("/account/security"), 200, "/account/security",
		`<html lang="ar" dir="rtl">`,
		`تغيّرت اللغة<span class="detail">العربية</span>`,
		`تغيّرت اللغة<span class="detail">Deutsch</span>`,
		`تسجيل الدخول`,
		">محاولتا دخول فاشلتان من عنوان واحد<",
		"تُحفظ الأحداث لمدة ٩٠ يومًا")
	expectNone(t, p, "Language changed", "Sprache geändert", "fehlgeschlagene", "failed login")

	// The API keeps its English summary, and lists the change.
	r := e.expect(e.call("GET", "/api/v1/me/events", tok, nil), 200, "")
	if !strings.Contains(string(r.raw), `"type":"language-changed","at":`) || !strings.Contains(string(r.raw), `"detail":"ar","count":1,"summary":"Language changed"`) ||
		!strings.Contains(string(r.raw), `"summary":"2 failed logins from 1 address"`) {
		t.Errorf("events: %s", r.raw)
	}
}

// TestTranslatedAccountPages: the pages of an email change, of adding a
// security key, of a deleted account, and composed notices and
// confirmations, in German and Arabic.
func TestTranslatedAccountPages(t *testing.T) {
	for _, c := range []struct {
		lang    string
		want    map[string][]string
		english []string
	}{
		{lang: "de", want: map[string][]string{
			"confirm":   {"Danach senden wir einen Code an new@example.com, um zu prüfen, dass die Adresse Ihnen gehört."},
			"code":      {"<h1>Neue E-Mail-Adresse bestätigen</h1>", "Wir haben einen Code an new@example.com gesendet. Er ist 10 Minuten lang gültig.", "Code aus der E-Mail", "Neuen Code per E-Mail senden"},
			"notice":    {"Senden Sie jetzt das Formular „Passwort ändern“ erneut: In den nächsten 30 Minuten braucht es keinen Code."},
			"member":    {`<dt>Mitglied seit</dt><dd><time datetime="2026-11-26">26. Nov. 2026</time></dd>`},
			"key":       {"<h1>Sicherheitsschlüssel oder Passkey hinzufügen</h1>", `placeholder="z. B. YubiKey oder Laptop"`, "Schlüssel hinzufügen", `"failed":"Die Anfrage an den Sicherheitsschlüssel ist fehlgeschlagen."`},
			"keyAdded":  {"Der Sicherheitsschlüssel wurde hinzugefügt"},
			"deleted":   {"<h1>Ihr Konto wurde gelöscht</h1>", "<title>Konto gelöscht · "},
			"keyEvents": {`Sicherheitsschlüssel hinzugefügt<span class="detail">&#34;Laptop&#34; (`},
		}, english: []string{"Then we send a code", "Confirm your new email address", "Email me a new code", "Add the key", "e.g. YubiKey", "Your account was deleted", "it needs no code", "The security key request failed"}},
		{lang: "ar", want: map[string][]string{
			"confirm":   {"ثم نرسل رمزًا إلى new@example.com، للتحقق من أن العنوان لك."},
			"code":      {"<h1>تأكيد عنوان بريدك الإلكتروني الجديد</h1>", "أرسلنا رمزًا إلى new@example.com. وهو صالح لمدة ١٠ دقائق.", "أرسل رمزًا جديدًا إلى بريدي"},
			"notice":    {"لن يطلب رمزًا خلال ٣٠ دقيقة من الآن."},
			"member":    {`<dt>عضو منذ</dt><dd><time datetime="2026-11-26">`},
			"key":       {"<h1>إضافة مفتاح أمان أو مفتاح مرور</h1>", "إضافة المفتاح", `"failed":"فشل طلب مفتاح الأمان."`},
			"keyAdded":  {"أُضيف مفتاح الأمان"},
			"deleted":   {"<h1>حُذف حسابك</h1>"},
			"keyEvents": {`أُضيف مفتاح أمان<span class="detail">&#34;Laptop&#34; (`},
		}, english: []string{"Then we send a code", "Confirm your new email address", "Email me a new code", "Add the key", "Your account was deleted", "it needs no code"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			e := newEnv(t, withWebAuthnBase)
			const alice, next = "alice@example.com", "new@example.com"
			e.signUp(alice)
			// The account follows the browser's language; its mails are
			// English.
			e.expect(e.call("POST", "/api/v1/me/language", e.loginEmail(alice), map[string]string{"language": ""}), 200, "")
			b := e.pageClient().speaking(c.lang)
			b.logIn(alice, testPassword)
			seen := []pageResp{}
			check := func(p pageResp, what string) pageResp {
				t.Helper()
				expectAll(t, p, what, c.want[what]...)
				expectNone(t, p, c.english...)
				seen = append(seen, p)
				return p
			}

			acc := check(b.expectPage(b.get("/account"), 200, "/account"), "member")
			check(b.expectPage(b.get("/account?notice=identity-confirmed"), 200, "/account"), "notice")
			p := check(b.expectPage(b.submit(acc, "/account/email", url.Values{"email": {next}}), 403, "/account/email"), "confirm")
			p = b.expectPage(b.submit(p, "/account/email", url.Values{"email": {next}, "method": {"email"}, "code": {e.MailedCode(alice)}}), 200, "/account/email")
			check(p, "code")

			sec := b.expectPage(b.get("/account/security"), 200, "/account/security")
			p = b.expectPage(b.submit(sec, "/account/security/keys/add", url.Values{}), 403, "/account/security/keys/add")
			p = check(b.expectPage(b.submit(p, "/account/security/keys/add", url.Values{"method": {"email"}, "code": {e.stepUpCode(alice)}}),
				200, "/account/security/keys/add"), "key")
			key := webauthnCreate(t, p)
			check(b.expectPage(b.submit(p, "/account/security/keys/register", url.Values{"credential": {key}, "name": {"Laptop"}}),
				200, "/account/security"), "keyAdded")
			check(b.expectPage(b.get("/account/security"), 200, "/account/security"), "keyEvents")

			d := e.pageClient().speaking(c.lang)
			check(d.expectPage(d.get("/account/deleted"), 200, "/account/deleted"), "deleted")
			for _, p := range seen {
				checkNoInlineCode(t, p)
			}
		})
	}
}

// optionsRe finds the options of navigator.credentials.create() that the
// page of a new key carries.
var optionsRe = regexp.MustCompile(`data-options="([^"]*)"`)

// webauthnCreate makes a new key answer the options of p, the page of a
// new key, as webauthn.js has the browser do, and returns the credential
// JSON the page posts.
func webauthnCreate(t *testing.T, p pageResp) string {
	t.Helper()
	m := optionsRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no options on %s:\n%s", p.url, p.body)
	}
	cred, err := webauthntest.New(waRPID, waOrigin).Create([]byte(html.UnescapeString(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// TestTranslatedAppPages: an app's consent page and its sign-out page in
// German and Arabic, with the app's name in the messages.
func TestTranslatedAppPages(t *testing.T) {
	for _, c := range []struct {
		lang             string
		consent, signOut []string
		english          []string
	}{
		{lang: "de",
			consent: []string{"<h1>Wiki erlauben, Sie anzumelden?</h1>", "<title>Wiki erlauben, Sie anzumelden? · ", "<strong>Wiki</strong> erhält:",
				"<li>Ihre E-Mail-Adresse und ob sie bestätigt ist</li>", ">Erlauben</button>", ">Ablehnen</button>", "Sie sind bei "},
			signOut: []string{"<h1>Von der App abgemeldet</h1>", ">Angemeldet bleiben</button>", "Auch bei "},
			english: []string{"Allow Wiki", "will get", "your email address", "Signed out of the app", "Stay signed in"}},
		{lang: "ar",
			consent: []string{"<h1>هل تسمح لـ Wiki بتسجيل دخولك؟</h1>", "سيحصل <strong>Wiki</strong> على:", ">سماح</button>", ">رفض</button>"},
			signOut: []string{"<h1>سُجّل خروجك من التطبيق</h1>", ">البقاء مسجّل الدخول</button>"},
			english: []string{"Allow Wiki", "will get", "your email address", "Signed out of the app", "Stay signed in"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
			e.expect(e.call("POST", "/api/v1/me/language", e.loginEmail(oidcUser), map[string]string{"language": ""}), 200, "")
			b.speaking(c.lang)
			b.logIn()
			p := b.open(rp.authURL())
			if pageName(p) != "consent" {
				t.Fatalf("the sign-in went to %s:\n%s", p.url, p.body)
			}
			expectAll(t, p, "consent", c.consent...)
			expectNone(t, p, c.english...)
			q, _ := b.walk(p)
			res := rp.finish(context.Background(), q)
			if res.err != "" {
				t.Fatal(res.err)
			}
			p = b.open(rp.logoutURL(res, ""))
			if pageName(p) != "oidc_logout" {
				t.Fatalf("the sign-out went to %s:\n%s", p.url, p.body)
			}
			expectAll(t, p, "sign-out", c.signOut...)
			expectNone(t, p, c.english...)
		})
	}
}

// TestTranslatedErrorPages: the error page's title (the status's name) and
// message, fixed or composed, in German and Arabic.
func TestTranslatedErrorPages(t *testing.T) {
	e := newEnv(t)
	for lang, want := range map[string][2][]string{
		"de": {
			{"<title>Nicht gefunden · ", "<h1>Nicht gefunden</h1>", "<p>Unter dieser Adresse gibt es keine Seite.</p>", "Zur Anmeldeseite"},
			{"<h1>Methode nicht erlaubt</h1>", "<p>Diese Adresse nimmt keine GET-Anfragen an.</p>"},
		},
		"ar": {
			{"<h1>غير موجود</h1>", "<p>لا توجد صفحة على هذا العنوان.</p>"},
			{"<h1>طريقة غير مسموح بها</h1>", "<p>هذا العنوان لا يقبل طلبات GET.</p>"},
		},
	} {
		c := e.pageClient().speaking(lang)
		p := c.expectPage(c.get("/no-such-page"), 404, "/no-such-page", want[0]...)
		expectNone(t, p, "Not Found", "There is no page")
		p = c.expectPage(c.get("/logout"), 405, "/logout", want[1]...)
		expectNone(t, p, "Method Not Allowed", "does not accept")
	}
}
