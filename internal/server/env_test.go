package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// env is a whole twofa: the real handler over a real SQLite file, mailing
// through a real SMTP server on loopback.
type env struct {
	*coretest.Rig
	t   *testing.T
	srv *httptest.Server
	h   http.Handler
}

func newEnv(t *testing.T, configure ...func(*core.Config)) *env {
	t.Helper()
	return newEnvWith(t, Options{}, configure...)
}

// newEnvWith is newEnv with handler options (Service, Logger and Version
// are filled in).
func newEnvWith(t *testing.T, o Options, configure ...func(*core.Config)) *env {
	t.Helper()
	return envOn(t, coretest.New(t, nil, configure...), o)
}

// envOn serves the rig's Service with handler options o.
func envOn(t *testing.T, rig *coretest.Rig, o Options) *env {
	t.Helper()
	return envListening(t, rig, o, nil)
}

// envListening is envOn on the listener ln (nil: a new one on loopback).
func envListening(t *testing.T, rig *coretest.Rig, o Options, ln net.Listener) *env {
	t.Helper()
	o.Service, o.Logger, o.Version = rig.Svc, rig.Logger, "test"
	h, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	if ln != nil {
		srv.Listener.Close()
		srv.Listener = ln
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return &env{Rig: rig, t: t, srv: srv, h: h}
}

// newLocalhostEnv is newEnv at http://localhost:<port>, which is its
// --base-url and its srv.URL: a WebAuthn relying party needs a host name
// (an IP address is no RP ID), and browsers treat localhost as secure.
func newLocalhostEnv(t *testing.T, configure ...func(*core.Config)) *env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	configure = append(configure, func(c *core.Config) { c.BaseURL = base })
	e := envListening(t, coretest.New(t, nil, configure...), Options{BaseURL: base}, ln)
	e.srv.URL = base
	return e
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

// loginEmail logs in an account whose only method is email and returns the
// session token.
func (e *env) loginEmail(addr string) string {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 401, "2fa-required")
	code := e.MailedCode(addr)
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "email", "code": code}), 200, "")
	return r.str("token")
}

// enableTOTP runs the setup for a signed-in user and returns the secret
// and the recovery codes.
func (e *env) enableTOTP(token string) (string, []string) {
	e.t.Helper()
	r := e.beginTOTP(token)
	sec := r.str("secret")
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", token, map[string]string{"code": coretest.TOTPCode(e.t, sec, e.Clock.Now())}), 200, "")
	return sec, r.strings("recoveryCodes")
}

// beginTOTP starts an authenticator setup for a signed-in user without
// TOTP, giving the proof it asks for: the email code it mails, or the
// password of an account without a second factor. It returns the setup.
func (e *env) beginTOTP(token string) reply {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil), 403, "2fa-required")
	if r.str("method") == "password" {
		return e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil,
			"X-2FA-Method", "password", "X-2FA-Code", testPassword), 200, "")
	}
	if r.str("method") != "email" || r.body["codeSent"] != true {
		e.t.Fatalf("setup asks for %s", r.raw)
	}
	me := e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
	return e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil,
		"X-2FA-Method", "email", "X-2FA-Code", e.stepUpCode(me.str("email"))), 200, "")
}

// stepUpCode waits for the next step-up code mailed to addr, skipping
// login codes and notifications.
func (e *env) stepUpCode(addr string) string {
	e.t.Helper()
	for {
		m := e.WaitMail(addr, regexp.MustCompile("verification code"))
		if strings.Contains(m.Text, "to confirm a change") {
			return m.Find(coretest.EmailCodeRe)
		}
	}
}
