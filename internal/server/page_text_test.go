package server

import (
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
	return out
}

// pageTitles finds the titles that the handlers of user pages give
// their views, and the notices they pass to renderRecoveryCodes.
var pageTitles = regexp.MustCompile(`(?:\bTitle: |v\.Title = |renderRecoveryCodes\(w, r, p, codes, )("(?:[^"\\]|\\.)*")`)

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
			keys[title] = true
		}
	}
	if len(keys) < 100 {
		t.Fatalf("only %d texts found", len(keys))
	}
	for key := range keys {
		for _, l := range i18n.Languages {
			c := i18n.Catalogue(l.Code)
			if l.Code == "en" || c == nil {
				continue
			}
			if _, ok := c[key]; !ok {
				t.Errorf("%s has no translation of %q", l.Code, key)
			}
		}
	}
}
