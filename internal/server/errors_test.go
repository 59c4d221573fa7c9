package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestAPIErrors checks every error of the API contract that the flow test
// does not reach, each with its code and JSON shape.
func TestAPIErrors(t *testing.T) {
	e := newEnv(t)
	e.signUp("bob@example.com")

	// Bad input names the field.
	for _, c := range []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"email": "not-an-email", "password": testPassword, "name": "B"}, "email"},
		{map[string]string{"email": "c@example.com", "password": "short", "name": "C"}, "password"},
		{map[string]string{"email": "c@example.com", "password": strings.Repeat("x1", 65), "name": "C"}, "password"},
		{map[string]string{"email": "c@example.com", "password": testPassword, "name": "  "}, "name"},
	} {
		r := e.expect(e.call("POST", "/api/v1/signup", "", c.body), 400, "bad-request")
		if r.str("field") != c.field || !strings.Contains(r.str("message"), c.field) {
			t.Errorf("signup %v: field %q message %q, want field %q", c.body, r.str("field"), r.str("message"), c.field)
		}
	}
	r := e.expect(e.call("POST", "/api/v1/signup", "", `{"email":"d@example.com","password":"x","name":"d","admin":true}`), 400, "bad-request")
	if r.str("field") != "admin" {
		t.Errorf("unknown field: %s", r.raw)
	}
	e.expect(e.call("POST", "/api/v1/signup", "", `{"email":`), 400, "bad-request")
	e.expect(e.call("POST", "/api/v1/signup", "", `{"email":"a@b.c"} {}`), 400, "bad-request")
	e.expect(e.call("POST", "/api/v1/login", "", `{"email": 5}`), 400, "bad-request")

	// Unknown email and wrong password answer alike.
	unknown := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "nobody@example.com", "password": testPassword}), 401, "invalid-credentials")
	wrong := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "bob@example.com", "password": "wrong password"}), 401, "invalid-credentials")
	if string(unknown.raw) != string(wrong.raw) {
		t.Errorf("unknown email and wrong password differ:\n%s\n%s", unknown.raw, wrong.raw)
	}
	// So does an address no account could have: login does not judge
	// addresses, it only finds none.
	for _, addr := range []string{"a@localhost", "not-an-email"} {
		r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 401, "invalid-credentials")
		if string(r.raw) != string(unknown.raw) {
			t.Errorf("login as %q differs from an unknown email:\n%s\n%s", addr, r.raw, unknown.raw)
		}
	}
	if r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": " ", "password": testPassword}), 400, "bad-request"); r.str("field") != "email" {
		t.Errorf("blank email: %s", r.raw)
	}

	// Unauthenticated.
	for _, path := range []string{"/api/v1/me", "/api/v1/me/events", "/api/v1/me/devices"} {
		e.expect(e.call("GET", path, "", nil), 401, "unauthenticated")
		e.expect(e.call("GET", path, "not-a-token", nil), 401, "unauthenticated")
	}
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", "", nil), 401, "unauthenticated")

	// Challenges: unknown ones are expired.
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": "nope", "method": "email", "code": "123456"}), 410, "challenge-expired")
	e.expect(e.call("POST", "/api/v1/login/2fa/email", "", map[string]string{"challenge": "nope"}), 410, "challenge-expired")

	// Body too large, in JSON.
	r = e.call("POST", "/api/v1/signup", "", `{"name":"`+strings.Repeat("a", 70<<10)+`"}`)
	e.expect(r, 413, "body-too-large")

	// Wrong media type.
	e.expect(e.call("POST", "/api/v1/login", "", `{"email":"a@b.c","password":"x"}`, "Content-Type", "text/plain"), 415, "unsupported-media-type")

	// A browser's cross-site request is refused, as JSON.
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "bob@example.com", "password": testPassword},
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), 403, "cross-origin")
	// The same site is fine.
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "bob@example.com", "password": testPassword},
		"Sec-Fetch-Site", "same-origin"), 401, "2fa-required")

	// Unknown routes and methods answer JSON too.
	e.expect(e.call("GET", "/api/v1/nope", "", nil), 404, "not-found")
	e.expect(e.call("GET", "/api/v1/login", "", nil), 405, "method-not-allowed")

	// Security headers on every answer.
	r = e.call("GET", "/healthz", "", nil)
	for h, want := range map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "no-referrer",
		"X-Frame-Options":            "DENY",
		"Cache-Control":              "no-store",
		"Cross-Origin-Opener-Policy": "same-origin",
	} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
}

// TestTooManyAttempts: after 5 wrong codes the account's second step is
// locked, answered 429 with retryAfter and Retry-After (also on the spent
// challenge), and a correct code is refused until the lock passes.
func TestTooManyAttempts(t *testing.T) {
	e := newEnv(t)
	const carol = "carol@example.com"
	e.signUp(carol)
	token := e.loginEmail(carol)
	sec, _ := e.enableTOTP(token)
	e.Clock.Advance(30 * time.Second)

	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": carol, "password": testPassword}), 401, "2fa-required")
	first := r.str("challenge")
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": carol, "password": testPassword}), 401, "2fa-required")
	second := r.str("challenge")
	good := coretest.TOTPCode(e.t, sec, e.Clock.Now())
	bad := "000000"
	if good == bad {
		bad = "111111"
	}
	for i := range 5 {
		r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": first, "method": "totp", "code": bad}), 401, "2fa-invalid")
		if r.num("attemptsLeft") != 4-i {
			t.Fatalf("attempt %d: attemptsLeft %d", i, r.num("attemptsLeft"))
		}
	}
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": second, "method": "totp", "code": good}), 429, "too-many-attempts")
	if r.num("retryAfter") != 60 || r.header.Get("Retry-After") != strconv.Itoa(60) {
		t.Fatalf("retryAfter %d, Retry-After %q", r.num("retryAfter"), r.header.Get("Retry-After"))
	}
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": carol, "password": testPassword}), 429, "too-many-attempts")
	// The challenge the wrong codes spent also answers with the lock, even
	// to the correct code, as a client looping on it would expect.
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": first, "method": "totp", "code": good}), 429, "too-many-attempts")
	if r.num("retryAfter") != 60 || r.header.Get("Retry-After") != "60" {
		t.Fatalf("spent challenge: retryAfter %d, Retry-After %q", r.num("retryAfter"), r.header.Get("Retry-After"))
	}
	e.Clock.Advance(time.Minute)
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": first, "method": "totp", "code": good}), 410, "challenge-expired")
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": second, "method": "totp", "code": coretest.TOTPCode(e.t, sec, e.Clock.Now())}), 200, "")
}

// TestPerAddressLoginLimit: wrong passwords from one address are limited
// there, without locking the account for another address.
func TestPerAddressLoginLimit(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	e.signUp("dave@example.com")
	for range core.DefaultConfig().LoginLimit.Free {
		e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "dave@example.com", "password": "not his password"}), 401, "invalid-credentials")
	}
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "dave@example.com", "password": testPassword}), 429, "too-many-attempts")
	if r.header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// The account itself is not locked: the owner elsewhere still gets in.
	res, err := e.Svc.Login(t.Context(), core.LoginInput{Email: "dave@example.com", Password: testPassword}, core.ClientMeta{IP: "198.51.100.7"})
	if err != nil || res.Session == nil {
		t.Fatalf("login from another address: %v", err)
	}
}

// TestEmail2FADefaultOff: with the default off, a new account logs in with
// its password alone.
func TestEmail2FADefaultOff(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	e.signUp("erin@example.com")
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "erin@example.com", "password": testPassword}), 200, "")
	if r.str("token") == "" {
		t.Fatal("no token")
	}
	if c := r.header.Get("Set-Cookie"); !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Fatalf("session cookie %q", c)
	}
	r = e.expect(e.call("GET", "/api/v1/me", r.str("token"), nil), 200, "")
	if r.body["twoFactor"].(map[string]any)["email"].(map[string]any)["enabled"] != false {
		t.Fatalf("me: %s", r.raw)
	}
	_ = http.StatusOK
}

// TestAccessLog: at debug level each request is logged once with its
// status, and the query string never reaches the log.
func TestAccessLog(t *testing.T) {
	var buf syncWriter
	e := newEnv(t)
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := New(Options{Service: e.Svc, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/me?secret=hunter2", nil))
	line := buf.String()
	if strings.Count(line, "msg=request") != 1 || !strings.Contains(line, "level=DEBUG") ||
		!strings.Contains(line, "status=401") || !strings.Contains(line, "path=/api/v1/me") || strings.Contains(line, "hunter2") {
		t.Fatalf("access log line %q", line)
	}
}

// TestAccessLogLevel: at the default level (info) an answered request
// writes no access line, while a 500 (here from a panic) is still logged
// at warn; at debug the 200 is logged too.
func TestAccessLogLevel(t *testing.T) {
	for _, tc := range []struct {
		level   slog.Level
		want200 bool
	}{
		{slog.LevelInfo, false},
		{slog.LevelDebug, true},
	} {
		t.Run(tc.level.String(), func(t *testing.T) {
			var buf syncWriter
			s := &server{observer: noObserver{}, log: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tc.level}))}
			h := s.accessLog(s.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/boom" {
					panic("boom")
				}
				w.Write([]byte("ok"))
			})))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/fine", nil))
			if got := strings.Contains(buf.String(), "path=/fine"); got != tc.want200 {
				t.Fatalf("a 200 request logged: %v, want %v:\n%s", got, tc.want200, buf.String())
			}
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/boom", nil))
			var line string
			for l := range strings.Lines(buf.String()) {
				if strings.Contains(l, "msg=request") && strings.Contains(l, "path=/boom") {
					line = l
				}
			}
			if !strings.Contains(line, "level=WARN") || !strings.Contains(line, "status=500") {
				t.Fatalf("no warn access line for the 500:\n%s", buf.String())
			}
			if !strings.Contains(buf.String(), `level=ERROR msg="panic serving request"`) {
				t.Fatalf("the panic is not logged:\n%s", buf.String())
			}
		})
	}
}

type syncWriter struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestHeaderDetails: the Bearer scheme is case-insensitive, 405 lists every
// allowed method, and a body of the wrong JSON type is named as such.
func TestHeaderDetails(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	const pw = "a spaced password"
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{"email": "ivy@example.com", "password": pw, "name": "Ivy"}), 201, "")
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "ivy@example.com", "password": pw}), 200, "")
	token := r.str("token")
	e.expect(e.call("GET", "/api/v1/me", "", nil, "Authorization", "bearer "+token), 200, "")
	e.expect(e.call("GET", "/api/v1/me", "", nil, "Authorization", "Basic "+token), 401, "unauthenticated")

	r = e.expect(e.call("POST", "/api/v1/me/devices", token, nil), 405, "method-not-allowed")
	if got := r.header.Get("Allow"); got != "GET, DELETE" {
		t.Errorf("Allow = %q, want GET, DELETE", got)
	}
	r = e.expect(e.call("POST", "/api/v1/login", "", `[]`), 400, "bad-request")
	if r.str("message") != "body: must be a JSON object" {
		t.Errorf("array body: %q", r.str("message"))
	}
	r = e.expect(e.call("POST", "/api/v1/login", "", `{"email":true}`), 400, "bad-request")
	if r.str("field") != "email" || r.str("message") != "email: must be a JSON string" {
		t.Errorf("wrong type: %s", r.raw)
	}
}

// TestFreshSessionTOTPSetup: a session, however recently it proved a
// second factor, is asked for one before enrolling an app.
func TestFreshSessionTOTPSetup(t *testing.T) {
	e := newEnv(t)
	const jo = "jo@example.com"
	e.signUp(jo)
	token := e.loginEmail(jo)
	r := e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil), 403, "2fa-required")
	if r.str("method") != "email" || r.body["codeSent"] != true {
		t.Fatalf("stale setup: %s", r.raw)
	}
	code := e.MailedCode(jo)
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil, "X-2FA-Method", "email", "X-2FA-Code", code), 200, "")
}
