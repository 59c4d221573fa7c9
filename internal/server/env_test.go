package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/pquerna/otp"
	ptotp "github.com/pquerna/otp/totp"

	"github.com/twofa-dev/twofa/internal/clocktest"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// env is a whole twofa: the real handler over a real SQLite file, mailing
// through a real SMTP server on loopback.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	mail   *mailtest.Server
	clock  *clocktest.Clock
	svc    *core.Service
	store  core.Store
	dbPath string
}

// cheapArgon keeps tests fast; production uses password.OWASP.
var cheapArgon = password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

func newEnv(t *testing.T, configure ...func(*core.Config)) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "twofa.db")
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	smtpSrv := mailtest.NewServer(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mailer, err := mail.New(smtpSrv.URL(), "twofa@example.test", log)
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "twofa.key")
	if err := secret.GenerateKeyFile(keyPath, rand.Reader); err != nil {
		t.Fatal(err)
	}
	keys, err := secret.LoadKeyFile(keyPath, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	clock := clocktest.New(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	cfg := core.DefaultConfig()
	for _, f := range configure {
		f(&cfg)
	}
	svc, err := core.New(ctx, core.Deps{
		Store:  st,
		Mailer: mailer,
		Keys:   keys,
		Hasher: password.NewHasher(cheapArgon, 4, rand.Reader),
		Clock:  clock.Now,
		Logger: log,
	}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	h, err := New(Options{Service: svc, Logger: log, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, mail: smtpSrv, clock: clock, svc: svc, store: st, dbPath: dbPath}
}

// reply is a decoded API answer.
type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (r reply) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

func (r reply) num(key string) int {
	f, ok := r.body[key].(float64)
	if !ok {
		return -1
	}
	return int(f)
}

func (r reply) strings(key string) []string {
	list, _ := r.body[key].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

// call sends one API request. body nil sends no body; a string is sent as
// is; anything else as JSON. headers come in name, value pairs.
func (e *env) call(method, path, token string, body any, headers ...string) reply {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 && resp.Header.Get("Content-Type") == "application/json; charset=utf-8" {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			e.t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, raw)
		}
	}
	return r
}

// expect fails the test unless the answer has this status and error code
// (code "" for a success).
func (e *env) expect(r reply, status int, code string) reply {
	e.t.Helper()
	if r.status != status || r.str("error") != code {
		e.t.Fatalf("got %d %q, want %d %q; body: %s", r.status, r.str("error"), status, code, r.raw)
	}
	return r
}

const testPassword = "correct horse battery"

func (e *env) signUp(email string) {
	e.t.Helper()
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{
		"email": email, "password": testPassword, "name": "Test User",
	}), 201, "")
}

var (
	emailCodeRe   = regexp.MustCompile(`\b(\d{3}-\d{3})\b`)
	codeSubjectRe = regexp.MustCompile(`verification code`)
)

// mailedCode waits for the next code mail to addr (skipping notifications)
// and returns the code in it.
func (e *env) mailedCode(addr string) string {
	e.t.Helper()
	m := e.waitMail(addr, codeSubjectRe)
	code := m.Find(emailCodeRe)
	if code == "" {
		e.t.Fatalf("no code in mail %q: %s", m.Subject, m.Text)
	}
	return code
}

// waitMail waits for the next mail to addr whose subject matches.
func (e *env) waitMail(addr string, subject *regexp.Regexp) mailtest.Received {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m := e.mail.WaitFor(e.t, addr, time.Until(deadline))
		if subject.MatchString(m.Subject) {
			return m
		}
	}
	e.t.Fatalf("no mail to %s with subject matching %s", addr, subject)
	return mailtest.Received{}
}

// totpCode computes a code with pquerna/otp, an implementation independent
// of the server's own check.
func (e *env) totpCode(secret string, at time.Time) string {
	e.t.Helper()
	c, err := ptotp.GenerateCodeCustom(secret, at, ptotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// loginEmail logs in an account whose only method is email and returns the
// session token.
func (e *env) loginEmail(addr string) string {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 401, "2fa-required")
	code := e.mailedCode(addr)
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "email", "code": code}), 200, "")
	return r.str("token")
}

// enableTOTP runs the setup for a signed-in user and returns the secret
// and the recovery codes.
func (e *env) enableTOTP(token string) (string, []string) {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil), 200, "")
	sec := r.str("secret")
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", token, map[string]string{"code": e.totpCode(sec, e.clock.Now())}), 200, "")
	return sec, r.strings("recoveryCodes")
}
