package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/benchcpu"
	"github.com/twofa-dev/twofa/internal/clocktest"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// The API benchmarks drive the real handler (every middleware included)
// with httptest requests and recorders, over a real SQLite file in WAL
// mode, a log mailer and an injected clock. allocs/op and B/op count
// everything the process allocates for the requests: building them,
// serving them (argon2id's memory included) and decoding the answers.
//
// They run twice: with password.OWASP, what `twofa serve` uses (argon2id,
// 19 MiB, 2 passes), and with argon2id at 1 MiB and 1 pass ("cheap"), which
// is not a production setting but shows what the rest of a login costs.
//
// Beside ns/op they report cpu-ns/op, the process's CPU time per operation
// (package benchcpu): compare a login with internal/password's BenchmarkHash
// by that, run in the same go test command.

var benchArgon = []struct {
	name   string
	params password.Params
}{
	{"argon2id=OWASP-19MiB-t2", password.OWASP},
	{"argon2id=cheap-1MiB-t1", coretest.CheapArgon},
}

// benchAPI is a twofa handler with one account that has TOTP enabled.
type benchAPI struct {
	b      *testing.B
	h      http.Handler
	clock  *clocktest.Clock
	email  string
	secret string
	token  string // a signed-in session of the account
}

const benchPassword = "correct horse battery staple"

func newBenchAPI(b *testing.B, params password.Params) *benchAPI {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "twofa.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	log := slog.New(slog.DiscardHandler)
	mailer, err := mail.New("", "", log)
	if err != nil {
		b.Fatal(err)
	}
	key := make([]byte, secret.KeySize)
	rand.Read(key)
	keys, err := secret.NewKeyring(rand.Reader, key)
	if err != nil {
		b.Fatal(err)
	}
	clock := clocktest.New(coretest.Start)
	cfg := core.DefaultConfig()
	cfg.Email2FADefault = false
	svc, err := core.New(ctx, core.Deps{
		Store: st, Mailer: mailer, Keys: keys, Clock: clock.Now, Logger: log,
		// As `twofa serve`: at most runtime.NumCPU() hashes at once.
		Hasher: password.NewHasher(params, 0, rand.Reader),
	}, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(svc.Close)
	h, err := New(Options{Service: svc, Logger: log, Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	a := &benchAPI{b: b, h: h, clock: clock, email: "bench@example.com"}

	a.do("POST", "/api/v1/signup", "", map[string]string{"email": a.email, "password": benchPassword, "name": "Bench"}, 201)
	// Without a second factor the password alone signs in.
	a.token = a.do("POST", "/api/v1/login", "", map[string]string{"email": a.email, "password": benchPassword}, 200)["token"].(string)
	a.secret = a.do("POST", "/api/v1/me/2fa/totp/setup", a.token, nil, 200, "X-2FA-Method", "password", "X-2FA-Code", benchPassword)["secret"].(string)
	a.do("POST", "/api/v1/me/2fa/totp/verify", a.token, map[string]string{"code": a.code()}, 200)
	return a
}

// code is the TOTP code for the clock's current step, computed by
// pquerna/otp rather than the server's own package.
func (a *benchAPI) code() string {
	return coretest.TOTPCode(a.b, a.secret, a.clock.Now())
}

// do sends one request through the handler and returns the decoded JSON
// answer, failing the benchmark unless the status is want.
func (a *benchAPI) do(method, path, token string, body any, want int, headers ...string) map[string]any {
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			a.b.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, &buf)
	req.RemoteAddr = "192.0.2.1:40000"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			a.b.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	if rec.Code != want {
		a.b.Fatalf("%s %s: status %d, want %d: %s", method, path, rec.Code, want, rec.Body)
	}
	return out
}

// BenchmarkAPILoginTOTP is one whole API login: POST /api/v1/login
// (argon2id check, challenge) answered 401 2fa-required, then POST
// /api/v1/login/2fa with the current TOTP code answered 200 with a session.
func BenchmarkAPILoginTOTP(b *testing.B) {
	for _, p := range benchArgon {
		b.Run(p.name, func(b *testing.B) {
			a := newBenchAPI(b, p.params)
			login := map[string]string{"email": a.email, "password": benchPassword}
			b.ReportAllocs()
			stop := benchcpu.Start(b)
			for b.Loop() {
				a.clock.Advance(30 * time.Second)
				ch := a.do("POST", "/api/v1/login", "", login, 401)
				a.do("POST", "/api/v1/login/2fa", "", map[string]string{
					"challenge": ch["challenge"].(string), "method": "totp", "code": a.code(),
				}, 200)
			}
			stop()
		})
	}
}

// BenchmarkAPILoginPassword is the first step alone: POST /api/v1/login
// answered 401 2fa-required with a challenge. The second step (POST
// /api/v1/login/2fa) costs the difference to BenchmarkAPILoginTOTP.
func BenchmarkAPILoginPassword(b *testing.B) {
	for _, p := range benchArgon {
		b.Run(p.name, func(b *testing.B) {
			a := newBenchAPI(b, p.params)
			login := map[string]string{"email": a.email, "password": benchPassword}
			b.ReportAllocs()
			stop := benchcpu.Start(b)
			for b.Loop() {
				a.do("POST", "/api/v1/login", "", login, 401)
			}
			stop()
		})
	}
}

// BenchmarkAPIMe is GET /api/v1/me with a bearer session: session and user
// lookups, the recovery-code count, and the JSON answer. The password
// parameters play no part here.
func BenchmarkAPIMe(b *testing.B) {
	a := newBenchAPI(b, coretest.CheapArgon)
	b.ReportAllocs()
	for b.Loop() {
		a.do("GET", "/api/v1/me", a.token, nil, 200)
	}
}

// BenchmarkForwardAuth is GET /api/v1/authz/forward-auth, what Traefik or
// Caddy asks before every request to a protected site, for a session made
// with both factors: the session cookie read as GET /api/v1/me reads its
// token (session and user lookups), the default rule (two_factor), and an
// empty 200 with the Remote-* headers. Compare with BenchmarkAPIMe.
func BenchmarkForwardAuth(b *testing.B) {
	a := newBenchAPI(b, coretest.CheapArgon)
	a.clock.Advance(30 * time.Second)
	ch := a.do("POST", "/api/v1/login", "", map[string]string{"email": a.email, "password": benchPassword}, 401)
	tok := a.do("POST", "/api/v1/login/2fa", "", map[string]string{
		"challenge": ch["challenge"].(string), "method": "totp", "code": a.code(),
	}, 200)["token"].(string)
	headers := []string{"Cookie", sessionCookie + "=" + tok,
		"X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com", "X-Forwarded-Uri", "/some/page?x=1"}
	b.ReportAllocs()
	for b.Loop() {
		a.do("GET", "/api/v1/authz/forward-auth", "", nil, 200, headers...)
	}
}
