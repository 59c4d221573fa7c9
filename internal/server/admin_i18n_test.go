package server

import (
	"context"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// adminMessages lists the messages that the Go code of the admin pages
// hands to their templates, which translate them with known, or to
// translateView: second factors, options, lock and chart labels, the
// texts of the actions on an account, and the settings' sections, labels,
// help and notices.
func adminMessages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, u := range []*core.User{{}, {Email2FA: true}, {TOTPSecret: []byte("x")}, {TOTPSecret: []byte("x"), Email2FA: true}} {
		out = append(out, factorLabel(u))
	}
	for _, o := range append(roleOptions(""), factorOptions("")...) {
		out = append(out, o.Label)
	}
	for _, p := range adoptionParts(i18n.NewPrinter(i18n.English), core.SecondFactorCounts{}) {
		out = append(out, p.Label)
	}
	for _, sr := range chartSeries {
		out = append(out, sr.title, sr.bar)
	}
	for _, l := range lockLabels {
		out = append(out, l.label)
		if l.unknown != "" {
			out = append(out, l.unknown)
		}
	}
	for _, l := range optionLabels {
		out = append(out, l)
	}
	for _, sec := range settingsSections {
		out = append(out, sec.title)
	}
	out = append(out, otherSettingsTitle, settingsSaved, settingsRefused, noSuchAction, "Administration", "Users", "Settings")

	rig := coretest.New(t, nil)
	v, err := rig.Svc.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range v.Settings {
		out = append(out, st.Label, st.Help)
	}
	save := saveSettingsAction(nil)
	out = append(out, save.title, save.intro, save.button, save.backTitle)
	if e, ok := core.AsError(rig.Svc.RequireAdmin(&core.Principal{User: &core.User{Role: core.RoleUser}})); ok {
		out = append(out, errorText(e))
	} else {
		t.Fatal("RequireAdmin lets a user through")
	}

	s := &server{svc: rig.Svc}
	s.routes(http.NewServeMux())
	if len(s.userActions) == 0 {
		t.Fatal("routes recorded no action on an account")
	}
	users := []*core.User{{Role: core.RoleUser}, {Role: core.RoleAdmin}, {Role: core.RoleUser, DisabledAt: rig.Clock.Now()}}
	for _, a := range s.userActions {
		out = append(out, a.intro, a.done)
		for _, u := range users {
			if b, ok := a.offer(u); ok {
				out = append(out, b.Label)
			}
		}
	}
	return out
}

// TestAdminTextsTranslated fails when a text that the Go code of the admin
// pages makes has no translation in a language: the page would show it
// in English.
func TestAdminTextsTranslated(t *testing.T) {
	msgs := adminMessages(t)
	if len(msgs) < 100 {
		t.Fatalf("only %d messages found", len(msgs))
	}
	for _, m := range msgs {
		for _, code := range i18n.Untranslated(m) {
			t.Errorf("%s has no translation of %q", code, m)
		}
	}
}

// englishSentences are the English messages of the admin pages of more
// than one word, as a page would show them, that lang translates to
// something else: none of them may appear on a page in lang.
func englishSentences(t *testing.T, lang i18n.Language) []string {
	t.Helper()
	msgs := adminMessages(t)
	for _, name := range []string{"admin_dashboard.html", "admin_users.html", "admin_user.html", "settings.html"} {
		raw, err := fs.ReadFile(templateFS, "templates/"+name)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, templateMessages(t, string(raw))...)
	}
	p, en := i18n.NewPrinter(lang), i18n.NewPrinter(i18n.English)
	var out []string
	for _, m := range msgs {
		if strings.Contains(m, "%") || !strings.Contains(m, " ") || p.Known(m) == m {
			continue
		}
		out = append(out, template.HTMLEscapeString(en.Known(m)))
	}
	return out
}

// TestAdminPagesInLanguages: an administrator whose account is set to
// German, then to Arabic, sees the dashboard, the user list, a user's
// page with a lock, an action's notice and confirm page, and the settings
// page in that language, with dates, numbers and percentages written the
// language's way, and no English sentence of those pages.
func TestAdminPagesInLanguages(t *testing.T) {
	e := newEnv(t)
	a := newAdminEnv(e)
	seedDashboard(t, e)
	userSecret, _ := e.enableTOTP(a.userToken)
	path := "/admin/users/" + a.userID

	for _, tc := range []struct {
		code, htmlTag string
		dashboard     []string
		users         []string
		user          []string
		notice        string
		confirm       []string
		settings      []string
		// date is how the pages write the rig's day, 26 Nov 2026.
		date *regexp.Regexp
		// percent matches a share of the adoption bar.
		percent *regexp.Regexp
	}{{
		code: "de", htmlTag: `<html lang="de" dir="ltr">`,
		dashboard: []string{"<title>Verwaltung · ", "<h1>Verwaltung</h1>", "<h2>Zweite Faktoren</h2>",
			"Wie die 63 Konten (deaktivierte eingeschlossen) ihren zweiten Faktor nachweisen.",
			`<title id="adoption-title">Zweite Faktoren von 63 Konten: Authenticator-App `,
			`<desc id="activity-desc">Vom `, "Die Zahlen, Tag für Tag", "etwa 30 Sekunden vor",
			`text-anchor="end">26. Nov.</text>`},
		users: []string{"<title>Benutzer · ", "<h1>Benutzer</h1>", `<label for="q">Adresse beginnt mit</label>`,
			`<option value="none">Keiner</option>`, `<td data-label="Zweiter Faktor">Authenticator-App und E-Mail-Codes</td>`},
		user: []string{"<dt>Verbleibende Wiederherstellungscodes</dt>", "<strong>Code-Eingabe von unbekannten Geräten</strong>: ",
			"Fehlversuche, gesperrt bis <time", "Konto deaktivieren…", "Zwei-Faktor-Authentifizierung zurücksetzen"},
		notice:  "Die Sperren des Kontos wurden aufgehoben.",
		confirm: []string{"<strong>Konto deaktivieren.</strong>", "Das Konto kann sich nicht mehr anmelden"},
		settings: []string{"<title>Einstellungen · ", "<h1>Einstellungen</h1>", "<h2>Grenzen für Rateversuche</h2>",
			"Derzeit <strong>10m</strong>: Standardwert.", "Derzeit <strong>2</strong>: festgelegt von " + adminAddr + " am <time datetime=",
			"<option value=\"off\" selected>Aus</option>", "Auf den Standardwert zurücksetzen", "Die Einstellungen wurden gespeichert."},
		date:    regexp.MustCompile(`>26\. Nov\. 2026, 1\d:\d\d UTC</time>`),
		percent: regexp.MustCompile(`Authenticator-App: <strong>\d+</strong> \(\d+,\d\x{a0}%\)`),
	}, {
		code: "ar", htmlTag: `<html lang="ar" dir="rtl">`,
		dashboard: []string{"<title>الإدارة · ", "<h1>الإدارة</h1>", "<h2>العوامل الثانية</h2>",
			"كيف تُثبت الحسابات البالغ عددها ٦٣ (بما فيها المعطّلة) عاملها الثاني.",
			`<desc id="activity-desc">من `, "الأرقام يومًا بيوم", "متقدمة بنحو ٣٠ ثانية",
			`text-anchor="end">٢٦ نوفمبر</text>`},
		users: []string{"<title>المستخدمون · ", "<h1>المستخدمون</h1>", `<label for="q">العنوان يبدأ بـ</label>`,
			`<option value="none">لا يوجد</option>`, `<td data-label="العامل الثاني">تطبيق المصادقة ورموز البريد الإلكتروني</td>`},
		user: []string{"<dt>رموز الاسترداد المتبقية</dt>", "<strong>إدخال الرموز من أجهزة غير معروفة</strong>: ",
			"والقفل قائم حتى <time", "تعطيل الحساب…", "إعادة تعيين المصادقة الثنائية"},
		notice:  "رُفعت أقفال الحساب.",
		confirm: []string{"<strong>تعطيل الحساب.</strong>", "لن يتمكن الحساب من تسجيل الدخول"},
		settings: []string{"<title>الإعدادات · ", "<h1>الإعدادات</h1>", "<h2>حدود التخمين</h2>",
			"القيمة الحالية <strong>10m</strong>: القيمة الافتراضية.", "القيمة الحالية <strong>2</strong>: عيّنها " + adminAddr + " في <time datetime=",
			"<option value=\"off\" selected>معطّل</option>", "العودة إلى القيمة الافتراضية", "حُفظت الإعدادات."},
		date:    regexp.MustCompile(`>٢٦ نوفمبر ٢٠٢٦، ١[٠-٩]:[٠-٩][٠-٩] UTC</time>`),
		percent: regexp.MustCompile(`تطبيق المصادقة: <strong>[٠-٩]+</strong> \([٠-٩]+٫[٠-٩]٪`),
	}} {
		t.Run(tc.code, func(t *testing.T) {
			lang, _ := i18n.Lookup(tc.code)
			e.expect(e.call("POST", "/api/v1/me/language", a.adminToken, map[string]string{"language": tc.code}), 200, "")
			a.lockOut(userAddr, userSecret)
			c := e.pageClient()
			c.logInTOTP(adminAddr, a.adminSecret)
			english := englishSentences(t, lang)
			check := func(p pageResp, want ...string) {
				t.Helper()
				if !strings.Contains(p.body, tc.htmlTag) {
					t.Errorf("%s is not marked %s", p.url.Path, tc.htmlTag)
				}
				expectAll(t, p, "admin", want...)
				for _, en := range english {
					if strings.Contains(p.body, en) {
						t.Errorf("%s shows the English %q", p.url.Path, en)
					}
				}
			}

			p := c.expectPage(c.get("/admin"), 200, "/admin")
			check(p, tc.dashboard...)
			if !tc.percent.MatchString(p.body) {
				t.Errorf("the dashboard writes no share as %s", tc.percent)
			}
			p = c.expectPage(c.get("/admin/users?q=user"), 200, "/admin/users")
			check(p, tc.users...)
			if !tc.date.MatchString(p.body) {
				t.Errorf("the user list writes no date as %s", tc.date)
			}
			p = c.expectPage(c.get(path), 200, path)
			check(p, tc.user...)
			check(c.expectPage(c.submit(p, path+"/unlock", nil), 200, path), tc.notice)
			a.stale()
			check(c.expectPage(c.submit(p, path+"/disable", nil), 403, path+"/disable"), tc.confirm...)

			c = e.pageClient()
			c.logInTOTP(adminAddr, a.adminSecret)
			p = c.expectPage(c.get("/admin/settings"), 200, "/admin/settings")
			p = c.expectPage(c.submit(p, "/admin/settings", url.Values{"totpSkew": {"2"}}), 200, "/admin/settings")
			check(p, tc.settings...)
			if !tc.date.MatchString(p.body) {
				t.Errorf("the settings page writes no date as %s", tc.date)
			}
			c.expectPage(c.submit(p, "/admin/settings", url.Values{"reset": {"totpSkew"}}), 200, "/admin/settings")
		})
	}
}

// TestEnglishSentencesSeeText checks the list the page test looks for: it
// holds the English of the pages' headings and of Go-made labels, and
// leaves out what a language writes the same.
func TestEnglishSentencesSeeText(t *testing.T) {
	de, _ := i18n.Lookup("de")
	got := englishSentences(t, de)
	for _, want := range []string{"Second-factor activity, last 30 days", "Address starts with", "Disable account",
		"Rules for every account on this server. A change is saved in the database and every instance of twofa applies it within a few seconds. Values not set here come from twofa&#39;s flags or its defaults; each row says which."} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("the English sentences lack %q", want)
		}
	}
}

// TestParseFlagSource reads the three ways cmd/twofa tells how a flag was
// given, so the settings page can say them in its language, and leaves
// any other text to be shown as it is.
func TestParseFlagSource(t *testing.T) {
	for text, want := range map[string]flagSource{
		"flag --email-code-ttl":                                      {Kind: "flag", Flag: "email-code-ttl"},
		"variable TWOFA_EMAIL_CODE_TTL (flag --email-code-ttl)":      {Kind: "variable", Where: "TWOFA_EMAIL_CODE_TTL", Flag: "email-code-ttl"},
		"config file /etc/twofa/my twofa.yaml (flag --2fa-remember)": {Kind: "file", Where: "/etc/twofa/my twofa.yaml", Flag: "2fa-remember"},
		"environment TWOFA_X":                                        {},
		"flag --a (flag --b)":                                        {},
		"":                                                           {},
	} {
		if got := parseFlagSource(text); got != want {
			t.Errorf("parseFlagSource(%q) = %+v, want %+v", text, got, want)
		}
	}
}
