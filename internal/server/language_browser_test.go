package server

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// guideIn is what the walk of the guide expects to read in one language.
type guideIn struct {
	lang, dir string
	// codeMail and stepUpMail match the subject and the text of the code
	// mails, which come in the account's language.
	codeMail, stepUpMail               *regexp.Regexp
	signup, created, secondStep        string
	security, enable, confirm          string
	setup, recovery                    string
	loginShot, securityShot            string
	setupShot, codesShot               string
	userPanel, myAccount, languageName string
	// copied is what the recovery codes page says once Copy worked, and
	// codesHeading how the copied text starts: texts of recovery.js.
	copied, codesHeading string
}

var guides = []guideIn{
	{
		lang: "de", dir: "ltr",
		codeMail: regexp.MustCompile(`Bestätigungscode`), stepUpMail: regexp.MustCompile(`für eine Änderung an Ihrem Konto`),
		signup:     "Konto erstellen",
		created:    "Konto erstellt. Die Zwei-Faktor-Authentifizierung per E-Mail ist eingeschaltet.",
		secondStep: "Zwei-Faktor-Authentifizierung",
		security:   "Sicherheit", enable: "Zwei-Faktor-Authentifizierung per TOTP einschalten",
		confirm: "Bestätigen Sie, dass Sie es sind",
		setup:   "Authenticator-App einrichten", recovery: "Ihre Wiederherstellungscodes",
		userPanel: "Benutzermenü", myAccount: "Mein Konto", languageName: "Deutsch",
		copied: "Die Codes wurden in die Zwischenablage kopiert.", codesHeading: "twofa-Wiederherstellungscodes für alice@example.com\nJeder Code funktioniert einmal.",
		loginShot: "login-de", codesShot: "recovery-codes-de",
	},
	{
		lang: "ar", dir: "rtl",
		codeMail: regexp.MustCompile(`رمز التحقق`), stepUpMail: regexp.MustCompile(`لتأكيد تغيير في حسابك`),
		signup:     "إنشاء حساب",
		created:    "أُنشئ الحساب. المصادقة الثنائية عبر البريد الإلكتروني مفعّلة.",
		secondStep: "المصادقة الثنائية",
		security:   "الأمان", enable: "تفعيل المصادقة الثنائية عبر TOTP",
		confirm: "أكّد أنك أنت",
		setup:   "إعداد تطبيق المصادقة", recovery: "رموز الاسترداد الخاصة بك",
		userPanel: "لوحة المستخدم", myAccount: "حسابي", languageName: "العربية",
		copied: "نُسخت الرموز إلى الحافظة.", codesHeading: "رموز الاسترداد في twofa للحساب alice@example.com\nيعمل كل رمز مرة واحدة.",
		securityShot: "security-ar", setupShot: "totp-setup-ar",
	},
}

// TestBrowserGuideTranslated walks the guide in headless Chromium whose
// Accept-Language is German, then Arabic: sign-up, login with the emailed
// code (mailed in the account's language), TOTP setup and recovery codes,
// reading each page's heading and its <html lang dir>, and what the
// recovery codes' Copy says and copies (texts of recovery.js).
func TestBrowserGuideTranslated(t *testing.T) {
	for _, g := range guides {
		t.Run(g.lang, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowserTest(t, e)
			b.speak(g.lang)
			b.walkGuide(g, "alice@example.com", func(string) {})
		})
	}
}

// speak makes the tab send Accept-Language: lang.
func (b *browserTest) speak(lang string) {
	b.t.Helper()
	b.do("send Accept-Language "+lang, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Accept-Language": lang}})
		return err
	}))
}

// expectLanguage waits for the page name and checks its language, direction
// and h1.
func (b *browserTest) expectLanguage(name string, g guideIn, h1 string) {
	b.t.Helper()
	b.waitPage(name)
	attrs := run(b, "read <html>", chromedp.Attributes(chromedp.CSS("html")))
	if attrs["lang"] != g.lang || attrs["dir"] != g.dir {
		b.t.Fatalf("%s: <html lang=%q dir=%q>, want %s %s", name, attrs["lang"], attrs["dir"], g.lang, g.dir)
	}
	if got := b.text("main h1"); got != h1 {
		b.t.Fatalf("%s: h1 %q, want %q", name, got, h1)
	}
}

// walkGuide signs alice up in the language the tab speaks, then walks the
// guide as g expects it, calling at with each page's name once the page is
// checked.
func (b *browserTest) walkGuide(g guideIn, alice string, at func(page string)) {
	t, e := b.t, b.e
	b.do("open sign-up", chromedp.Navigate(e.srv.URL+"/signup"))
	b.expectLanguage("signup", g, g.signup)
	at("signup")
	b.do("sign up",
		chromedp.SendKeys(chromedp.ID("email"), alice),
		chromedp.SendKeys(chromedp.ID("name"), "Alice"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitPage("login")
	if got := b.text(".notice"); got != g.created {
		t.Fatalf("notice after sign-up = %q, want %q", got, g.created)
	}
	at("login")
	if g.loginShot != "" {
		b.screenshot(g.loginShot)
	}
	b.do("log in",
		chromedp.SendKeys(chromedp.ID("email"), alice),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.expectLanguage("login_2fa", g, g.secondStep)
	at("login_2fa")
	code := e.WaitMail(alice, g.codeMail).Find(coretest.EmailCodeRe)
	b.do("enter the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.expectLanguage("security", g, g.security)
	at("security")
	b.do("open the User Panel", chromedp.Click(chromedp.CSS(`.user-panel summary`)))
	if got := b.text(".user-panel .menu-title"); !strings.EqualFold(got, g.userPanel) { // shown in capitals
		t.Fatalf("User Panel title %q, want %q", got, g.userPanel)
	}
	b.do("close the User Panel", chromedp.Click(chromedp.CSS(`.user-panel summary`)))
	if g.securityShot != "" {
		b.screenshot(g.securityShot)
	}

	enable := `form[action="/account/security/totp/setup"] button`
	if got := b.text(enable); got != g.enable {
		t.Fatalf("enable button says %q, want %q", got, g.enable)
	}
	b.do("enable TOTP", chromedp.Click(chromedp.CSS(enable)))
	b.expectLanguage("confirm", g, g.confirm)
	at("confirm")
	b.forgetConsole("status of 403")
	var stepUp string
	for stepUp == "" {
		if m := e.WaitMail(alice, g.codeMail); g.stepUpMail.MatchString(m.Text) {
			stepUp = m.Find(coretest.EmailCodeRe)
		}
	}
	b.do("confirm with the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), stepUp),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.expectLanguage("totp_setup", g, g.setup)
	b.do("wait for the QR code", chromedp.WaitVisible(chromedp.ID("totp-qr")))
	at("totp_setup")
	if g.setupShot != "" {
		b.screenshot(g.setupShot)
	}
	b.verifyApp()
	b.expectLanguage("recovery_codes", g, g.recovery)
	at("recovery_codes")
	if g.codesShot != "" {
		b.screenshot(g.codesShot)
	}
	codes := run(b, "read the codes", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-code]'), el => el.dataset.code)`))
	if len(codes) != 12 {
		t.Fatalf("the page shows %d recovery codes, want 12", len(codes))
	}
	if g.copied != "" {
		b.copyCodes(codes, g.copied, strings.ReplaceAll(g.codesHeading, "alice@example.com", alice))
	}
	b.do("open My Account", chromedp.Navigate(e.srv.URL+"/account"))
	b.expectLanguage("account", g, g.myAccount)
	at("account")
	if got := run(b, "read the language select", chromedp.Evaluate[string](
		`document.getElementById('language-select').selectedOptions[0].textContent`)); got != g.languageName {
		t.Fatalf("the language select shows %q, want %q", got, g.languageName)
	}
	b.checkConsole()
}
