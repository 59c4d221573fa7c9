package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/webauthntest"
)

// TestKeyNoticesInAccountLanguage: an account that chose German, then one
// that chose Arabic (POST /me/language), adds a security key and removes it
// through the API, each proven with a key it already has; the two notices
// arrive in the account's language, with the key's name and the client's
// address in them and no English sentence left.
func TestKeyNoticesInAccountLanguage(t *testing.T) {
	for _, c := range []struct {
		lang, hello, added, addedText, removed, removedText string
	}{
		{
			lang: "de", hello: "Hallo Test User,",
			added:     "Ihrem Konto wurde ein Sicherheitsschlüssel hinzugefügt",
			addedText: `Der Sicherheitsschlüssel oder Passkey "Zweiter" wurde Ihrem Konto hinzugefügt (von 127.0.0.1 aus)`,
			removed:   "Ein Sicherheitsschlüssel wurde aus Ihrem Konto entfernt",
			removedText: `Der Sicherheitsschlüssel oder Passkey "Zweiter" wurde aus Ihrem Konto entfernt (von 127.0.0.1 aus); ` +
				"damit kann man sich nicht mehr anmelden.",
		},
		{
			lang: "ar", hello: "مرحبًا Test User،",
			added:       "أُضيف مفتاح أمان إلى حسابك",
			addedText:   `أُضيف مفتاح الأمان أو مفتاح المرور "Zweiter" إلى حسابك (من 127.0.0.1)`,
			removed:     "أُزيل مفتاح أمان من حسابك",
			removedText: `أُزيل مفتاح الأمان أو مفتاح المرور "Zweiter" من حسابك (من 127.0.0.1)؛ ولم يعد بالإمكان تسجيل الدخول به.`,
		},
	} {
		t.Run(c.lang, func(t *testing.T) {
			e := newEnv(t, withWebAuthnBase)
			const addr = "keys@example.com"
			token, first := e.newKeyAccount(addr)
			e.registerKey(token, addr, first, nil, "First")
			e.expect(e.call("POST", "/api/v1/me/language", token, map[string]string{"language": c.lang}), 200, "")

			second := webauthntest.New(waRPID, waOrigin)
			id := e.registerKey(token, addr, second, first, "Zweiter")
			e.expectNoticeIn(addr, c.added, c.hello, c.addedText)
			e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+id, token, nil, e.keyProof(token, first)...), 200, "")
			e.expectNoticeIn(addr, c.removed, c.hello, c.removedText)
		})
	}
}

// expectNoticeIn waits for the notice to addr whose subject is subject
// (skipping mails before it) and checks it holds each of want and none of
// the English notices' sentences.
func (e *env) expectNoticeIn(addr, subject string, want ...string) {
	e.t.Helper()
	m := e.WaitMail(addr, regexp.MustCompile("^"+regexp.QuoteMeta(subject)+"$"))
	for _, w := range want {
		if !strings.Contains(m.Text, w) {
			e.t.Errorf("%q lacks %q:\n%s", m.Subject, w, m.Text)
		}
	}
	for _, english := range []string{"Hello", "If this was not you", "You can review", "your account", "security key", "password"} {
		if strings.Contains(m.Text, english) {
			e.t.Errorf("%q keeps the English %q:\n%s", m.Subject, english, m.Text)
		}
	}
}
