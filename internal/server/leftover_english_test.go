package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// The leftover-English sweep: every page of twofa, in each state that
// shows text of its own, is read in a translated language through the
// real handler, and whatever a person reading that language sees (the
// text, the title, alt, aria-label, placeholder and data-label
// attributes, the value of buttons, and the texts handed to scripts) must
// hold no run of English words.

// sweepAgent and sweepPhone are the browsers of the sweep: the Security
// page names them in the page's language.
const (
	sweepAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	sweepPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

// browserAs sends an Accept-Language and a User-Agent with every request.
type browserAs struct {
	lang, agent string
	next        http.RoundTripper
}

func (b browserAs) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept-Language", b.lang)
	r.Header.Set("User-Agent", b.agent)
	return b.next.RoundTrip(r)
}

// sweepClient is a page client whose browser asks for lang and names
// itself agent.
func (e *env) sweepClient(lang, agent string) *pageClient {
	c := e.pageClient()
	c.c.Transport = browserAs{lang: lang, agent: agent, next: http.DefaultTransport}
	return c
}

// sweep collects what the pages of one language show, and what of it is
// English.
type sweep struct {
	t    *testing.T
	lang string
	// data are the values the sweep typed in or made (addresses, names,
	// browsers, codes): shown as they are in every language.
	data []string
	// clients are the browsers whose pages are read.
	clients []*pageClient
}

// client is a new browser of the sweep on e.
func (s *sweep) client(e *env, agent string) *pageClient {
	c := e.sweepClient(s.lang, agent)
	s.clients = append(s.clients, c)
	return c
}

// leftovers returns the English runs of each page the sweep's browsers
// got, by page, after taking out the sweep's data, the allowed texts,
// proper nouns and quoted identifiers.
func (s *sweep) leftovers() map[string][]string {
	found := map[string][]string{}
	// SWEEP_DUMP=path writes what each page shows to path.<language>,
	// to read when the list of English words needs a look.
	dump := os.Getenv("SWEEP_DUMP")
	for _, c := range s.clients {
		for _, p := range c.pages {
			if p.status >= 300 && p.status < 400 {
				continue // the body of a redirect, which browsers do not show
			}
			where := fmt.Sprintf("%d %s", p.status, p.url.RequestURI())
			if dump != "" {
				f, _ := os.OpenFile(dump+"."+s.lang, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
				fmt.Fprintf(f, "=== %s\n%s\n", where, strings.Join(shownTexts(s.t, p.body), "\n"))
				f.Close()
			}
			for _, piece := range shownTexts(s.t, p.body) {
				piece = withoutData(piece, s.data...)
				for _, run := range englishRuns(s.lang, piece) {
					found[where] = appendNew(found[where], run+"   ⟵ "+piece)
				}
			}
		}
	}
	return found
}

// appendNew appends s to list unless list holds it.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// report fails the test with every English run found, page by page.
func (s *sweep) report() {
	s.t.Helper()
	found := s.leftovers()
	pages := 0
	for _, c := range s.clients {
		pages += len(c.pages)
	}
	if pages < 100 {
		s.t.Fatalf("the sweep read only %d pages", pages)
	}
	s.t.Logf("%s: read %d pages", s.lang, pages)
	where := make([]string, 0, len(found))
	for w := range found {
		where = append(where, w)
	}
	sort.Strings(where)
	for _, w := range where {
		s.t.Errorf("%s: English on %s:\n\t%s", s.lang, w, strings.Join(found[w], "\n\t"))
	}
}

// sweepLanguages are the languages the page sweep reads: a text that skips
// the printer does so in every language, so one left-to-right and one
// right-to-left language find it; TestCatalogueHasNoEnglishRuns checks the
// translations of every language.
var sweepLanguages = []string{"de", "ar"}

// TestNoEnglishLeftOnPages reads every page, in each state that shows a
// text of its own, in German and Arabic, and fails on any run of English
// words left on it.
func TestNoEnglishLeftOnPages(t *testing.T) {
	for _, lang := range sweepLanguages {
		t.Run(lang, func(t *testing.T) {
			s := &sweep{t: t, lang: lang}
			s.signedOutPages()
			s.accountPages()
			s.adminPages()
			s.appPages()
			s.report()
		})
	}
}

// wrongEmailCode is an email code that is not code.
func wrongEmailCode(code string) string {
	if code == "000-000" {
		return "111-111"
	}
	return "000-000"
}

// signedOutPages: login, sign-up, the second step, the password reset,
// the undo of an email change and the error pages.
func (s *sweep) signedOutPages() {
	t := s.t
	e := newEnv(t)
	const alice, bob, carol = "alice@example.com", "bob@example.com", "carol@example.com"
	s.data = append(s.data, alice, bob, carol, "bob@example.net", "Alice Example", "Bob Example", "Carol Example")
	c := s.client(e, sweepAgent)

	c.expectPage(c.get("/login"), 200, "/login")
	p := c.expectPage(c.get("/signup"), 200, "/signup")
	c.expectPage(c.submit(p, "/signup", url.Values{"email": {"not-an-address"}, "password": {"short"}, "name": {" "}}), 400, "/signup")
	c.expectPage(c.submit(p, "/signup", url.Values{"email": {alice}, "password": {"aaaaaaaaaaaa"}, "name": {"Alice Example"}}), 400, "/signup")
	c.expectPage(c.submit(p, "/signup", url.Values{"email": {alice}, "password": {alice}, "name": {"Alice Example"}}), 400, "/signup")
	c.expectPage(c.submit(p, "/signup", url.Values{"email": {alice}, "password": {testPassword}, "name": {"Alice Example"}}), 200, "/login")
	c.expectPage(c.submit(p, "/signup", url.Values{"email": {alice}, "password": {testPassword}, "name": {"Alice Example"}}), 409, "/signup")
	for _, who := range []string{bob, carol} {
		e.signUp(who)
	}

	// Login: a wrong password, an empty field, a wrong code, its lock.
	c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {"not the password"}}), 401, "/login")
	c.expectPage(c.post("/login", url.Values{"email": {""}, "password": {""}}), 400, "/login")
	p = c.expectPage(c.post("/login", url.Values{"email": {carol}, "password": {testPassword}}), 200, "/login/2fa")
	code := e.MailedCode(carol)
	for range 6 {
		p = c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {wrongEmailCode(code)}})
		if p.status == http.StatusTooManyRequests {
			break
		}
	}
	if p.status != http.StatusTooManyRequests {
		t.Fatalf("wrong codes did not lock the login: %d", p.status)
	}
	p = c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {testPassword}}), 200, "/login/2fa")
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"recovery"}, "code": {"nope"}}), 400, "/login/2fa")
	e.Clock.Advance(e.Svc.Config().ChallengeTTL + time.Second)
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {"123-456"}}), 410, "/login/2fa")

	for range 20 {
		if p = c.post("/login", url.Values{"email": {carol}, "password": {"not the password"}}); p.status == http.StatusTooManyRequests {
			break
		}
	}
	if p.status != http.StatusTooManyRequests {
		t.Fatalf("wrong passwords did not lock the login: %d", p.status)
	}

	// Forgot password and the reset link: unknown, expired, refused
	// passwords, done.
	p = c.expectPage(c.get("/password/forgot"), 200, "/password/forgot")
	c.expectPage(c.submit(p, "/password/forgot", url.Values{"email": {" "}}), 400, "/password/forgot")
	c.expectPage(c.submit(p, "/password/forgot", url.Values{"email": {bob}}), 200, "/password/forgot")
	c.expectPage(c.get("/password/reset?token=nope"), 400, "/password/reset")
	expired := e.resetLink(bob)
	e.Clock.Advance(core.PasswordResetTTL + time.Minute)
	c.expectPage(c.get(expired.RequestURI()), 400, "/password/reset")
	c.expectPage(c.submit(p, "/password/forgot", url.Values{"email": {bob}}), 200, "/password/forgot")
	link := e.resetLink(bob)
	p = c.expectPage(c.get(link.RequestURI()), 200, "/password/reset")
	tok := link.Query().Get("token")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"one new passphrase"}, "confirmPassword": {"another one"}}), 400, "/password/reset")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {"short"}, "confirmPassword": {"short"}}), 400, "/password/reset")
	c.expectPage(c.submit(p, "/password/reset", url.Values{"token": {tok}, "password": {testPassword + "!"}, "confirmPassword": {testPassword + "!"}}), 200, "/login")

	// The undo of an email change: its page, a link that does not work,
	// the undo done.
	tokBob := e.loginEmailWith(bob, testPassword+"!")
	e.expect(e.call("POST", "/api/v1/me/email", tokBob, map[string]string{"email": "bob@example.net"}), 403, "2fa-required")
	e.expect(e.call("POST", "/api/v1/me/email", tokBob, map[string]string{"email": "bob@example.net"},
		"X-2FA-Method", "email", "X-2FA-Code", e.MailedCode(bob)), 202, "")
	e.expect(e.call("POST", "/api/v1/me/email/confirm", tokBob, map[string]string{"email": "bob@example.net", "code": e.MailedCode("bob@example.net")}), 200, "")
	m := undoLinkRe.FindStringSubmatch(e.WaitMail(bob, regexp.MustCompile(`email address was changed`)).Text)
	if m == nil {
		t.Fatal("no undo link")
	}
	p = c.expectPage(c.get("/email/undo?token="+m[1]), 200, "/email/undo")
	c.expectPage(c.submit(p, "/email/undo", url.Values{"token": {"not-a-token"}}), 410, "/email/undo")
	c.expectPage(c.submit(p, "/email/undo", url.Values{"token": {m[1]}}), 200, "/email/undo")

	// Error pages: no such page, a wrong method, a form that cannot be
	// read, one too large, one from another site; a deleted account.
	c.expectPage(c.get("/no-such-page"), 404, "/no-such-page")
	c.expectPage(c.get("/logout"), 405, "/logout")
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader("email=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.expectPage(c.do(req), 400, "/login")
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader("password="+strings.Repeat("x", maxBody)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.expectPage(c.do(req), 413, "/login")
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader("email=a%40example.com&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	c.expectPage(c.do(req), 403, "/login")
	c.expectPage(c.get("/account/deleted"), 200, "/account/deleted")
	for _, key := range []string{"signed-out", "password-reset", "account-created"} {
		c.expectPage(c.get("/login?notice="+key), 200, "/login")
	}

	// Sign-up closed.
	if _, err := e.Svc.UpdateSettings(context.Background(), map[string]json.RawMessage{core.SettingSignupOpen: json.RawMessage("false")}, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	c.expectPage(c.get("/signup"), 403, "/signup")
}

// loginEmailWith is loginEmail with the password pw.
func (e *env) loginEmailWith(addr, pw string) string {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": pw}), 401, "2fa-required")
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "email", "code": e.MailedCode(addr)}), 200, "")
	return r.str("token")
}

// accountPages: My Account and Security in each state, the confirm
// page, the authenticator app's setup, recovery codes, security keys,
// the deletion and the enrolment banner.
func (s *sweep) accountPages() {
	t := s.t
	e := newEnv(t, withWebAuthnBase)
	const alice, next, dave = "alice@example.com", "alice@example.org", "dave@example.com"
	s.data = append(s.data, alice, next, dave, "Alice Example", "Dave Example", "Laptop", "Phone key", "YubiKey 5")
	c := s.client(e, sweepAgent)
	p := c.expectPage(c.get("/signup"), 200, "/signup")
	c.expectPage(c.submit(p, "/signup", url.Values{"email": {alice}, "password": {testPassword}, "name": {"Alice Example"}}), 200, "/login")
	for range 3 {
		c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {"not the password"}}), 401, "/login")
	}
	p = c.expectPage(c.post("/login", url.Values{"email": {alice}, "password": {testPassword}}), 200, "/login/2fa")
	code := e.codeMail(alice)
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {wrongEmailCode(code)}}), 401, "/login/2fa")
	c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {code}}), 200, "/account/security")

	// My Account: the password's refusals, the email change.
	acc := c.expectPage(c.get("/account"), 200, "/account")
	for _, f := range []url.Values{
		{"currentPassword": {"not the password"}, "newPassword": {"a new passphrase"}, "confirmPassword": {"a new passphrase"}},
		{"currentPassword": {testPassword}, "newPassword": {"a new passphrase"}, "confirmPassword": {"another passphrase"}},
		{"currentPassword": {testPassword}, "newPassword": {"short"}, "confirmPassword": {"short"}},
	} {
		c.submit(acc, "/account/password", f)
	}
	c.expectPage(c.submit(acc, "/account/email", url.Values{"email": {alice}}), 400, "/account/email")
	p = c.expectPage(c.submit(acc, "/account/email", url.Values{"email": {next}}), 403, "/account/email")
	p = c.expectPage(c.submit(p, "/account/email", url.Values{"email": {next}, "method": {"email"}, "code": {e.codeMail(alice)}}), 200, "/account/email")
	c.expectPage(c.submit(p, "/account/email/confirm", url.Values{"email": {next}, "code": {"000-000"}}), 403, "/account/email/confirm")
	c.expectPage(c.submit(p, "/account/email/confirm", url.Values{"email": {next}, "code": {e.codeMail(next)}}), 200, "/account")
	c.expectPage(c.submit(acc, "/account/email", url.Values{"email": {"alice@example.net"}}), 400, "/account/email")
	for key := range notices {
		c.expectPage(c.get("/account?notice="+url.QueryEscape(key)), 200, "/account")
	}
	c.expectPage(c.get("/account?notice=identity-confirmed"), 200, "/account")

	// Security with email codes only, then the app's setup: the confirm
	// page (a wrong code first), the setup (a wrong code first), the
	// recovery codes.
	sec := c.expectPage(c.get("/account/security"), 200, "/account/security")
	c.expectPage(c.submit(sec, "/account/security/totp/setup", nil), 400, "/account/security/totp/setup")
	// A week on, the change can no longer be undone.
	e.Clock.Advance(8 * 24 * time.Hour)
	p = c.expectPage(c.post("/login", url.Values{"email": {next}, "password": {testPassword}}), 200, "/login/2fa")
	sec = c.expectPage(c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {e.codeMail(next)}}), 200, "/account/security")
	p = c.expectPage(c.submit(sec, "/account/security/totp/setup", nil), 403, "/account/security/totp/setup")
	p = c.expectPage(c.submit(p, "/account/security/totp/setup", url.Values{"method": {"email"}, "code": {"000-000"}}), 403, "/account/security/totp/setup")
	p = c.expectPage(c.submit(p, "/account/security/totp/setup", url.Values{"method": {"email"}, "code": {e.codeMail(next)}}), 200, "/account/security/totp/setup")
	secret := setupSecret(t, p)
	s.data = append(s.data, totpSecretRe.FindStringSubmatch(p.body)[1])
	c.expectPage(c.submit(p, "/account/security/totp/verify", url.Values{"code": {coretest.WrongTOTP(t, secret, e.Clock.Now())}}), 401, "/account/security/totp/verify")
	c.expectPage(c.get("/account/security/totp/setup"), 200, "/account/security/totp/setup")
	p = c.expectPage(c.submit(p, "/account/security/totp/verify", url.Values{"code": {coretest.TOTPCode(t, secret, e.Clock.Now())}}), 200, "/account/security/totp/verify")
	s.data = append(s.data, shownCodes(p)...)

	// Security with the app: the confirm pages of each change, a second
	// session, a trusted device, a clock that runs ahead, a security key.
	sec = c.expectPage(c.get("/account/security"), 200, "/account/security")
	for _, action := range []string{"/account/security/totp/disable", "/account/security/email/disable", "/account/security/recovery-codes"} {
		c.expectPage(c.submit(sec, action, nil), 403, action)
	}
	c.expectPage(c.submit(sec, "/account/security/recovery-codes", url.Values{"method": {"totp"}, "code": {"123456"}}), 403, "/account/security/recovery-codes")
	e.Clock.Advance(30 * time.Second)
	p = c.expectPage(c.submit(sec, "/account/security/recovery-codes", url.Values{"method": {"totp"}, "code": {coretest.TOTPCode(t, secret, e.Clock.Now())}}), 200, "/account/security/recovery-codes")
	s.data = append(s.data, shownCodes(p)...)

	phone := s.client(e, sweepPhone)
	e.Clock.Advance(30 * time.Second)
	p = phone.expectPage(phone.post("/login", url.Values{"email": {next}, "password": {testPassword}}), 200, "/login/2fa")
	phone.expectPage(phone.submit(p, "/login/2fa/email?", nil), 200, "/login/2fa")
	e.codeMail(next)
	phone.expectPage(phone.submit(p, "/login/2fa?", url.Values{"method": {"totp"}, "code": {coretest.TOTPCode(t, secret, e.Clock.Now())}, "remember": {"1"}}), 200, "/account/security")
	phone.expectPage(phone.post("/logout", nil), 200, "/login")
	phone.expectPage(phone.post("/login", url.Values{"email": {next}, "password": {testPassword}}), 200, "/account/security")
	for range 3 {
		e.totpLoginAPIAs(next, e.fastPhone(secret))
	}
	sec = c.expectPage(c.get("/account/security"), 200, "/account/security", `id="clock-drift"`)

	p = c.expectPage(c.submit(sec, "/account/security/keys/add", nil), 403, "/account/security/keys/add")
	e.Clock.Advance(90 * time.Second)
	p = c.expectPage(c.submit(p, "/account/security/keys/add", url.Values{"method": {"totp"}, "code": {coretest.TOTPCode(t, secret, e.Clock.Now())}}), 200, "/account/security/keys/add")
	c.expectPage(c.submit(p, "/account/security/keys/register", url.Values{"credential": {webauthnCreate(t, p)}, "name": {"Laptop"}}), 200, "/account/security")
	sec = c.expectPage(c.get("/account/security"), 200, "/account/security", `data-key="`)
	keyID := regexp.MustCompile(`data-key="([^"]+)"`).FindStringSubmatch(sec.body)[1]
	c.expectPage(c.submit(sec, "/account/security/keys/rename", url.Values{"id": {keyID}, "name": {"YubiKey 5"}}), 200, "/account/security")
	c.expectPage(c.submit(sec, "/account/security/keys/remove", url.Values{"id": {keyID}}), 403, "/account/security/keys/remove")
	c.expectPage(c.submit(sec, "/account/security/keys/rename", url.Values{"id": {keyID}, "name": {strings.Repeat("k", 65)}}), 400, "/account/security/keys/rename")
	c.post("/account/security/keys/register", url.Values{"credential": {"{}"}, "name": {"Phone key"}})
	k := s.client(e, sweepPhone)
	p = k.expectPage(k.post("/login", url.Values{"email": {next}, "password": {testPassword}}), 200, "/login/2fa", `value="webauthn"`)
	k.submit(p, "/login/2fa?", url.Values{"method": {"webauthn"}, "credential": {"{}"}})
	k.post("/login/passkey", url.Values{"credential": {"{}"}})
	c.expectPage(c.get("/admin"), 403, "/admin")
	c.expectPage(c.get("/account/security?before=nonsense"), 400, "/account/security")
	sec = c.expectPage(c.get("/account/security"), 200, "/account/security")
	c.expectPage(c.submit(sec, "/account/security/sessions/end-others", nil), 200, "/account/security")

	// The deletion: its confirm page, a wrong password.
	p = c.expectPage(c.get("/account/delete"), 200, "/account/delete")
	c.expectPage(c.submit(p, "/account/delete", url.Values{"password": {"not the password"}, "method": {"totp"}, "code": {"123456"}}), 403, "/account/delete")

	// An account without a second factor, then the requirement of an
	// authenticator app: its banner, and the pages after the deadline.
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{"email": dave, "password": testPassword, "name": "Dave Example"},
		"Accept-Language", s.lang), 201, "")
	d := s.client(e, sweepAgent)
	p = d.expectPage(d.post("/login", url.Values{"email": {dave}, "password": {testPassword}}), 200, "/login/2fa")
	d.expectPage(d.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {e.codeMail(dave)}}), 200, "/account/security")
	sec = d.expectPage(d.get("/account/security"), 200, "/account/security")
	p = d.expectPage(d.submit(sec, "/account/security/email/disable", nil), 403, "/account/security/email/disable")
	d.expectPage(d.submit(p, "/account/security/email/disable", url.Values{"method": {"email"}, "code": {e.codeMail(dave)}}), 200, "/account/security")
	changes := map[string]json.RawMessage{core.SettingEnforcement: json.RawMessage(`"all"`), core.SettingEnforcementGrace: json.RawMessage(`"72h"`)}
	if _, err := e.Svc.UpdateSettings(context.Background(), changes, core.CommandLine()); err != nil {
		t.Fatal(err)
	}
	d.expectPage(d.get("/account"), 200, "/account", `id="enrollment-banner"`)
	e.Clock.Advance(73 * time.Hour)
	d.expectPage(d.get("/account"), 200, "/account/security", `id="enrollment-banner"`)
}

// codeMail waits for the next mail to addr that holds an email code, in
// whatever language, and returns the code.
func (e *env) codeMail(addr string) string {
	e.t.Helper()
	for {
		if code := e.WaitMail(addr, regexp.MustCompile(`.`)).Find(coretest.EmailCodeRe); code != "" {
			return code
		}
	}
}

// totpLoginAPIAs is totpLoginAPI with the sweep's phone as browser.
func (e *env) totpLoginAPIAs(addr, code string) {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}, "User-Agent", sweepPhone), 401, "2fa-required")
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "totp", "code": code}, "User-Agent", sweepPhone), 200, "")
}

// adminPages: the dashboard, the user list and its filter errors, an
// account with locks and its actions, the confirm page, the settings and
// each refusal of a setting.
func (s *sweep) adminPages() {
	t := s.t
	e := newEnv(t)
	a := newAdminEnv(e)
	seedDashboard(t, e)
	s.data = append(s.data, adminAddr, userAddr, "Ada Admin", "Test User", "fast-phone@example.org")
	userSecret, _ := e.enableTOTP(a.userToken)
	e.expect(e.call("POST", "/api/v1/me/language", a.adminToken, map[string]string{"language": ""}), 200, "")
	a.lockOut(userAddr, userSecret)
	for range 3 {
		e.call("POST", "/api/v1/login", "", map[string]string{"email": userAddr, "password": "not the password"}, "User-Agent", sweepPhone)
	}
	c := s.client(e, sweepAgent)
	c.logInTOTP(adminAddr, a.adminSecret)
	c.expectPage(c.get("/admin"), 200, "/admin")
	c.expectPage(c.get("/admin/users"), 200, "/admin/users")
	c.expectPage(c.get("/admin/users?q=user&limit=1"), 200, "/admin/users")
	c.expectPage(c.get("/admin/users?q=m&limit=2&after=member01%40example.org"), 200, "/admin/users")
	for _, q := range []string{"factor=sms", "role=boss", "limit=0", "disabled=maybe", "q=" + strings.Repeat("x", 300)} {
		c.expectPage(c.get("/admin/users?"+q), 400, "/admin/users")
	}
	path := "/admin/users/" + a.userID
	p := c.expectPage(c.get(path), 200, path)
	c.expectPage(c.get(path+"?before=nonsense"), 400, path)
	for _, action := range []string{"unlock", "end-sessions", "reset-2fa", "send-password-reset", "disable", "enable"} {
		p = c.expectPage(c.submit(p, path+"/"+action, nil), 200, path)
	}
	p = c.expectPage(c.submit(p, path+"/role", url.Values{"role": {core.RoleAdmin}}), 200, path)
	p = c.expectPage(c.submit(p, path+"/role", url.Values{"role": {core.RoleUser}}), 200, path)
	a.stale()
	confirm := c.expectPage(c.submit(p, path+"/disable", nil), 403, path+"/disable")
	c.expectPage(c.submit(confirm, path+"/disable", url.Values{"method": {"totp"}, "code": {"000000"}}), 403, path+"/disable")
	c.expectPage(c.post(path+"/explode", nil), 404, path+"/explode")
	c.expectPage(c.get("/admin/users/u_nobody"), 404, "/admin/users/u_nobody")

	// Settings: each refusal, saved, reset.
	c = s.client(e, sweepAgent)
	c.logInTOTP(adminAddr, a.adminSecret)
	p = c.expectPage(c.get("/admin/settings"), 200, "/admin/settings")
	for _, bad := range []url.Values{
		{"totpSkew": {"3"}}, {"totpSkew": {"one"}}, {"emailCodeTtl": {"soon"}}, {"emailCodeTtl": {"30s"}},
		{"trustedDeviceTtl": {"9000h"}}, {"allowedMethods": {""}}, {"allowedMethods": {"", "totp", "sms"}},
		{"enforcement": {"everyone"}}, {"enforcementGrace": {"-1h"}}, {"secondFactorAttempts": {"11"}},
		{"secondFactorLock": {"2h"}}, {"secondFactorMaxLock": {"30m"}}, {"loginAttempts": {"101"}}, {"loginMaxLock": {"48h"}},
		{"signupOpen": {"maybe"}}, {"email2faDefault": {"maybe"}},
		{"enforcement": {"all"}, "allowedMethods": {"", "email"}},
		{"secondFactorLock": {"1h"}, "secondFactorMaxLock": {"1h"}, "secondFactorAttempts": {"10"}},
	} {
		if r := c.submit(p, "/admin/settings", bad); r.status != http.StatusBadRequest {
			t.Fatalf("settings %v: %d, want 400", bad, r.status)
		}
	}
	p = c.expectPage(c.submit(p, "/admin/settings", url.Values{"totpSkew": {"2"}}), 200, "/admin/settings")
	c.expectPage(c.submit(p, "/admin/settings", url.Values{"reset": {"totpSkew"}}), 200, "/admin/settings")
	a.stale()
	c.expectPage(c.submit(p, "/admin/settings", url.Values{"totpSkew": {"0"}}), 403, "/admin/settings")

	// The deletion leads back to the list, with its notice.
	c = s.client(e, sweepAgent)
	c.logInTOTP(adminAddr, a.adminSecret)
	p = c.expectPage(c.get(path), 200, path)
	c.expectPage(c.submit(p, path+"/delete", nil), 200, "/admin/users")
}

// appPages: an app's consent page, its sign-out page and its error
// pages, and the Security page listing it.
func (s *sweep) appPages() {
	t := s.t
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	s.data = append(s.data, oidcUser, "Wiki", "Test User")
	e.expect(e.call("POST", "/api/v1/me/language", e.loginEmail(oidcUser), map[string]string{"language": ""}), 200, "")
	b.c.Transport = browserAs{lang: s.lang, agent: sweepAgent, next: http.DefaultTransport}
	s.clients = append(s.clients, b.pageClient)
	b.logIn()
	p := b.open(rp.authURL())
	if pageName(p) != "consent" {
		t.Fatalf("the sign-in went to %s:\n%s", p.url, p.body)
	}
	q, _ := b.walk(p)
	res := rp.finish(context.Background(), q)
	if res.err != "" {
		t.Fatal(res.err)
	}
	sec := b.expectPage(b.get("/account/security"), 200, "/account/security", `id="apps"`)
	p = b.open(rp.logoutURL(res, ""))
	if pageName(p) != "oidc_logout" {
		t.Fatalf("the sign-out went to %s:\n%s", p.url, p.body)
	}
	b.expectPage(b.get(p.url.Path+"?to=https%3A%2F%2Fevil.example&sig=x"), 400, p.url.Path)
	b.get("/oidc/login?id=nonsense")
	bad := rp.oauth
	bad.RedirectURL = "https://evil.example/callback"
	b.open(bad.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	b.submit(sec, "/account/security/apps/revoke", url.Values{"clientId": {rp.client.ID}})
}
