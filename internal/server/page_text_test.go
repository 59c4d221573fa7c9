package server

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// keysOf lists the messages of t and of the texts among its arguments,
// which the catalogue must have (not verbatim or known ones).
func keysOf(t text) []string {
	if t.key == "" || t.known || t.key == "%s" && len(t.args) == 1 {
		if len(t.args) == 1 {
			if inner, ok := t.args[0].(text); ok {
				return keysOf(inner)
			}
		}
		return nil
	}
	out := []string{t.key}
	for _, a := range t.args {
		if inner, ok := a.(text); ok {
			out = append(out, keysOf(inner)...)
		}
	}
	return out
}

// userPageTexts are the texts that Go code puts on the pages of users
// (the admin pages aside), made by the functions that make them from
// examples of each case they handle.
func userPageTexts(s *server) []text {
	var out []text
	for key := range notices {
		out = append(out, s.noticeText(key))
	}
	out = append(out, s.noticeText("account-created"), s.noticeText("identity-confirmed"))
	for typ := range eventLabels {
		out = append(out, eventText(typ))
	}
	counts := map[string]int{}
	for _, c := range runCounts {
		counts[c.typ] = 2
		out = append(out, newText(c.key, 1))
	}
	out = append(out,
		entryText(core.EventEntry{Count: 20, Counts: counts, Addresses: 3}),
		entryText(core.EventEntry{Count: 2, Counts: map[string]int{core.EventLogout: 1}, Addresses: 1}),
		entryText(core.EventEntry{Count: 4, Counts: map[string]int{core.EventLoginFailed: 2, core.EventSecondFactorFailed: 2}, Addresses: 1}))
	for _, d := range []struct{ typ, detail string }{
		{core.EventLogin, core.MethodTOTP}, {core.EventLogin, core.MethodEmail}, {core.EventLogin, core.MethodRecovery},
		{core.EventLogin, core.MethodWebAuthn}, {core.EventSecondFactorFailed, core.MethodPassword},
		{core.EventLogin, "password only"}, {core.EventLogin, `passkey "Phone" (wk_1)`},
		{core.EventLoginFailed, "wrong password"}, {core.EventLoginFailed, `passkey with another user handle: "Phone" (wk_1)`},
		{core.EventLoginFailed, "passkey: that security key is not registered to this account"},
		{core.EventSecondFactorFailed, "totp-setup"}, {core.EventSecondFactorFailed, "email-change"},
		{core.EventAccountLocked, "15m0s"}, {core.EventSessionEnded, "all others"}, {core.EventSessionEnded, "s_1 (this session)"},
		{core.EventWebAuthnRenamed, `"A" (wk_1) to "B" (wk_1)`}, {core.EventWebAuthnClone, `"A" (wk_1): counter 3 after 7`},
		{core.EventRoleChanged, "user -> admin by a@example.com"}, {core.EventTwoFactorReset, "by the command line"},
		{core.EventUnlocked, "by a@example.com"}, {core.EventLanguageChanged, ""}, {core.EventLanguageChanged, "de"},
	} {
		out = append(out, detailText(d.typ, d.detail))
	}
	for _, details := range fixedDetails {
		for _, l := range details {
			out = append(out, newText(l))
		}
	}
	for _, c := range claimTexts {
		out = append(out, newText(c.text))
	}
	for _, l := range methodLabels {
		out = append(out, newText(l))
	}
	for _, a := range []sensitiveAction{disableTOTPAction, disableEmailAction, enableTOTPAction, regenerateAction,
		addKeyAction, removeKeyAction("wk_1"), confirmForPassword, deleteAccountAction, confirmForEmail("new@example.com")} {
		_, back := a.backPage()
		out = append(out, newText(a.title), newText(a.intro, a.introArgs...), newText(a.button), newText(back))
	}
	for _, d := range []time.Duration{3*24*time.Hour + 4*time.Hour, 24 * time.Hour, 5*time.Hour + 30*time.Minute, 2 * time.Hour, 20 * time.Minute} {
		out = append(out, graceText(d))
	}
	for _, ua := range []string{"", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "curl/8.5.0"} {
		out = append(out, browserText(ua))
	}
	for _, status := range errorStatuses {
		out = append(out, newText(http.StatusText(status)))
	}
	return append(out, newText(signupClosedText))
}

// pageTitles finds the titles that the handlers of user pages give
// their views, the notices they pass to renderRecoveryCodes, the messages
// of the error page and the messages of texts.
var pageTitles = regexp.MustCompile(`(?:\bTitle: |v\.Title = |renderRecoveryCodes\(w, r, p, codes, |renderError\(w, r, http\.Status\w+, |newText\()("(?:[^"\\]|\\.)*")`)

// errorStatuses are the statuses whose names an error page of a user may
// have as its title.
var errorStatuses = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
	http.StatusMethodNotAllowed, http.StatusConflict, http.StatusGone, http.StatusRequestEntityTooLarge,
	http.StatusUnsupportedMediaType, http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusServiceUnavailable}

// TestUserPageTextsTranslated fails when a text that Go code shows on a
// user page is missing from a language's catalogue.
func TestUserPageTextsTranslated(t *testing.T) {
	keys := map[string]bool{}
	for _, base := range []string{"", "https://twofa.example"} {
		rig := coretest.New(t, nil, func(c *core.Config) { c.BaseURL = base })
		for _, tx := range userPageTexts(&server{svc: rig.Svc}) {
			for _, k := range keysOf(tx) {
				keys[k] = true
			}
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.Contains(f, "admin") || f == "page_settings.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pageTitles.FindAllStringSubmatch(string(src), -1) {
			title, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %s: %v", f, m[1], err)
			}
			if title != "%s" {
				keys[title] = true
			}
		}
	}
	if len(keys) < 100 {
		t.Fatalf("only %d texts found", len(keys))
	}
	for key := range keys {
		for _, code := range i18n.Untranslated(key) {
			t.Errorf("%s has no translation of %q", code, key)
		}
	}
}

// TestEventTexts: the activity list's sentences, details, the grace left
// and browser names in English (as the API answers them), German and
// Arabic, each written as one message of the language.
func TestEventTexts(t *testing.T) {
	de, _ := i18n.Lookup("de")
	ar, _ := i18n.Lookup("ar")
	run := core.EventEntry{Count: 16, Addresses: 5, Counts: map[string]int{
		core.EventLoginFailed: 12, core.EventSecondFactorFailed: 3, core.EventAccountLocked: 1}}
	pair := core.EventEntry{Count: 4, Addresses: 1, Counts: map[string]int{core.EventLoginFailed: 2, core.EventSecondFactorFailed: 2}}
	for _, c := range []struct {
		lang i18n.Language
		t    text
		want string
	}{
		{i18n.English, entryText(run), "12 failed logins, 3 wrong second-factor codes and 1 code-entry lock from 5 addresses"},
		{de, entryText(run), "12 fehlgeschlagene Anmeldungen, 3 falsche Codes des zweiten Faktors und 1 Sperre der Code-Eingabe von 5 Adressen"},
		{i18n.English, entryText(pair), "2 failed logins and 2 wrong second-factor codes from 1 address"},
		{ar, entryText(pair), "محاولتا دخول فاشلتان ورمزان خاطئان للعامل الثاني من عنوان واحد"},
		{ar, entryText(run), "١٢ محاولة دخول فاشلة و٣ رموز خاطئة للعامل الثاني وقفل واحد لإدخال الرموز من ٥ عناوين"},
		{i18n.English, entryText(core.EventEntry{Count: 1, Event: core.Event{Type: core.EventLanguageChanged}}), "Language changed"},
		{de, entryText(core.EventEntry{Count: 1, Event: core.Event{Type: "some-new-type"}}), "some-new-type"},

		{i18n.English, detailText(core.EventAccountLocked, "15m0s"), "for 15 minutes"},
		{de, detailText(core.EventAccountLocked, "15m0s"), "für 15 Minuten"},
		{de, detailText(core.EventLogin, core.MethodTOTP), "mit der Authenticator-App"},
		{de, detailText(core.EventSessionEnded, "s_1 (this session)"), "diese Sitzung"},
		{de, detailText(core.EventSessionEnded, "s_1"), ""},
		{de, detailText(core.EventLoginTrusted, "d_1"), ""},
		{de, detailText(core.EventDeviceRevoked, "all (password changed)"), "alle vertrauenswürdigen Geräte, da das Passwort geändert wurde"},
		{i18n.English, detailText(core.EventWebAuthnRenamed, `"A to B" (wk_1) to "C" (wk_1)`), `from "A to B" (wk_1) to "C" (wk_1)`},
		{de, detailText(core.EventWebAuthnClone, `"A" (wk_1): counter 3 after 7`), `"A" (wk_1): sein Zähler sprang von 7 auf 3`},
		{de, detailText(core.EventRoleChanged, "user -> admin by root@example.com"), "von Benutzer zu Administrator, von root@example.com"},
		{de, detailText(core.EventTwoFactorReset, "by the command line"), "über die Befehlszeile"},
		{de, detailText(core.EventLanguageChanged, "ar"), "العربية"},
		{de, detailText(core.EventLanguageChanged, ""), "Wie im Browser eingestellt"},
		{de, detailText(core.EventAppAuthorized, "Wiki"), "Wiki"},
		{de, detailText(core.EventLogin, `passkey "Phone" (wk_1)`), `mit dem Passkey "Phone" (wk_1)`},

		{i18n.English, graceText(3*24*time.Hour + 4*time.Hour), "3 days 4 hours"},
		{i18n.English, graceText(24*time.Hour + time.Hour), "1 day 1 hour"},
		{de, graceText(3*24*time.Hour + 4*time.Hour), "3 Tagen und 4 Stunden"},
		{ar, graceText(2*24*time.Hour + 5*time.Hour), "يومين و٥ ساعات"},
		{i18n.English, graceText(90 * time.Minute), "1 hour 30 minutes"},
		{i18n.English, graceText(20 * time.Minute), "20 minutes"},

		{i18n.English, browserText("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"), "Firefox 128 on Linux"},
		{de, browserText("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"), "Firefox 128 unter Linux"},
		{de, browserText(""), "unbekannter Browser"},
		{de, browserText("curl/8.5.0"), "curl"},
	} {
		if got := c.t.in(i18n.NewPrinter(c.lang)); got != c.want {
			t.Errorf("%s %q %v = %q, want %q", c.lang.Code, c.t.key, c.t.args, got, c.want)
		}
	}
	if got := describeBrowser(""); got != "unknown" {
		t.Errorf("the API names a missing User-Agent %q", got)
	}
	if got := entryLabel(run); got != "12 failed logins, 3 wrong second-factor codes and 1 code-entry lock from 5 addresses" {
		t.Errorf("the API's summary is %q", got)
	}
}
