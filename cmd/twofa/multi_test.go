package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pquerna/otp"
	ptotp "github.com/pquerna/otp/totp"

	"github.com/twofa-dev/twofa/internal/mail/mailtest"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// asMain makes the test binary act as the twofa command, so the
// cross-process tests run real, separate twofa processes.
const asMain = "TWOFA_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		main()
		os.Exit(0)
	}
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// instance is one running "twofa serve" process.
type instance struct {
	url string
	log *syncBuffer
}

// startInstance starts a twofa process on db with the shared key file,
// mailing through smtpURL, with more flags if given, and stops it
// (SIGTERM) at the end of the test.
func startInstance(t *testing.T, db, keyFile, smtpURL string, flags ...string) *instance {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--secret-key-file", keyFile,
		"--smtp", smtpURL, "--mail-from", "twofa@example.test"}, flags...)...)
	cmd.Env = append(os.Environ(), asMain+"=1")
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("instance did not stop on SIGTERM:\n%s", stderr.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenRe.FindStringSubmatch(stdout.String()); m != nil {
			return &instance{url: m[1], log: &stderr}
		}
		select {
		case err := <-exited:
			t.Fatalf("instance exited: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("instance did not start:\n%s", stderr.String())
	return nil
}

type answer struct {
	status int
	body   map[string]any
}

func (a answer) str(k string) string { s, _ := a.body[k].(string); return s }

func (in *instance) call(t *testing.T, method, path, token string, body any, headers ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, in.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
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
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &a.body)
	return a
}

func (in *instance) must(t *testing.T, a answer, status int, code string) answer {
	t.Helper()
	if a.status != status || a.str("error") != code {
		t.Fatalf("%s: got %d %q, want %d %q: %v", in.url, a.status, a.str("error"), status, code, a.body)
	}
	return a
}

var mailCodeRe = regexp.MustCompile(`\b(\d{3}-\d{3})\b`)

func waitCode(t *testing.T, srv *mailtest.Server, to string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if c := srv.WaitFor(t, to, time.Until(deadline)).Find(mailCodeRe); c != "" {
			return c
		}
	}
	t.Fatalf("no code mailed to %s", to)
	return ""
}

func code(t *testing.T, secret string, at time.Time) string {
	c, err := ptotp.GenerateCodeCustom(secret, at, ptotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const multiPassword = "a long enough password"

// TestCrossProcess runs two real twofa processes on one database and
// checks that nothing depends on which one a request reaches. It runs on
// SQLite (two processes, one file) and on PostgreSQL.
func TestCrossProcess(t *testing.T) {
	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "shared.db") },
		"postgres": func(t *testing.T) string { return pgtest.Schema(t) },
	}
	for name, db := range backends {
		t.Run(name, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "twofa.key")
			if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
				t.Fatal(err)
			}
			smtp := mailtest.NewServer(t)
			dsn := db(t)
			a := startInstance(t, dsn, keyFile, smtp.URL())
			b := startInstance(t, dsn, keyFile, smtp.URL())
			t.Run("login across instances", func(t *testing.T) { crossLogin(t, a, b, smtp) })
			t.Run("one code, many requests, both instances", func(t *testing.T) { crossReplay(t, a, b, smtp) })
			t.Run("lock seen on the other instance", func(t *testing.T) { crossLock(t, a, b, smtp) })
			t.Run("device revoked on the other instance", func(t *testing.T) { crossDevice(t, a, b, smtp) })
			t.Run("a stranger's lock spares a known device", func(t *testing.T) { crossKnown(t, a, b, smtp) })
			t.Run("stolen session on the other instance", func(t *testing.T) { crossStolenSession(t, a, b, smtp) })
		})
	}
}

func signUpAndLogin(t *testing.T, a, b *instance, smtp *mailtest.Server, email string) string {
	t.Helper()
	a.must(t, a.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": email, "password": multiPassword, "name": "M"}), 201, "")
	ch := b.must(t, b.call(t, "POST", "/api/v1/login", "", map[string]string{"email": email, "password": multiPassword}), 401, "2fa-required")
	c := waitCode(t, smtp, email)
	r := a.must(t, a.call(t, "POST", "/api/v1/login/2fa", "", map[string]any{"challenge": ch.str("challenge"), "method": "email", "code": c}), 200, "")
	return r.str("token")
}

// enableTOTP starts the setup on one instance, with the emailed proof it
// asks for, and verifies on the other.
func enableTOTP(t *testing.T, a, b *instance, smtp *mailtest.Server, email, token string) string {
	t.Helper()
	setup := beginTOTP(t, a, smtp, email, token)
	sec := setup.str("secret")
	b.must(t, b.call(t, "POST", "/api/v1/me/2fa/totp/verify", token, map[string]string{"code": code(t, sec, time.Now())}), 200, "")
	return sec
}

func crossLogin(t *testing.T, a, b *instance, smtp *mailtest.Server) {
	token := signUpAndLogin(t, a, b, smtp, "cross@example.com")
	me := b.must(t, b.call(t, "GET", "/api/v1/me", token, nil), 200, "")
	if me.str("email") != "cross@example.com" {
		t.Fatalf("me on the other instance: %v", me.body)
	}
	a.must(t, a.call(t, "POST", "/api/v1/logout", token, nil), 204, "")
	b.must(t, b.call(t, "GET", "/api/v1/me", token, nil), 401, "unauthenticated")
}

func crossReplay(t *testing.T, a, b *instance, smtp *mailtest.Server) {
	const who = "replay@example.com"
	token := signUpAndLogin(t, a, b, smtp, who)
	sec := enableTOTP(t, a, b, smtp, who, token)
	// The step after the current one: valid (one step of drift), and not
	// the step the setup used up.
	next := code(t, sec, time.Now().Add(30*time.Second))
	const n = 24
	challenges := make([]string, n)
	for i := range challenges {
		in := []*instance{a, b}[i%2]
		challenges[i] = in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 401, "2fa-required").str("challenge")
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, ch := range challenges {
		in := []*instance{a, b}[i%2]
		wg.Go(func() {
			<-start
			r := in.call(t, "POST", "/api/v1/login/2fa", "", map[string]string{"challenge": ch, "method": "totp", "code": next})
			mu.Lock()
			statuses[r.status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	if statuses[200] != 1 || statuses[200]+statuses[401]+statuses[429] != n {
		t.Fatalf("answers %v: want exactly one 200, the rest 401 or 429", statuses)
	}
}

func crossLock(t *testing.T, a, b *instance, smtp *mailtest.Server) {
	const who = "lock@example.com"
	token := signUpAndLogin(t, a, b, smtp, who)
	sec := enableTOTP(t, a, b, smtp, who, token)
	guessWrong(t, a, sec, who)
	r := b.must(t, b.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 429, "too-many-attempts")
	if r.body["retryAfter"] == nil {
		t.Fatalf("429 without retryAfter: %v", r.body)
	}
}

// guessWrong opens a login to who through in, from an unknown device, and
// answers it with 5 codes that are wrong for the TOTP secret sec, as a
// stranger holding the password would: the second factor of the account's
// unknown devices is then locked.
func guessWrong(t *testing.T, in *instance, sec, who string) {
	t.Helper()
	now := time.Now()
	bad := "000000"
	for d := -2; d <= 2; d++ {
		if code(t, sec, now.Add(time.Duration(d)*30*time.Second)) == bad {
			bad = "999999"
		}
	}
	ch := in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 401, "2fa-required").str("challenge")
	for range 5 {
		in.must(t, in.call(t, "POST", "/api/v1/login/2fa", "", map[string]string{"challenge": ch, "method": "totp", "code": bad}), 401, "2fa-invalid")
	}
}

func crossDevice(t *testing.T, a, b *instance, smtp *mailtest.Server) {
	const who = "device@example.com"
	a.must(t, a.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": who, "password": multiPassword, "name": "D"}), 201, "")
	ch := a.must(t, a.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 401, "2fa-required")
	r := a.must(t, a.call(t, "POST", "/api/v1/login/2fa", "", map[string]any{"challenge": ch.str("challenge"), "method": "email", "code": waitCode(t, smtp, who), "rememberDevice": true}), 200, "")
	token, device := r.str("token"), r.str("deviceToken")
	if device == "" {
		t.Fatalf("no deviceToken: %v", r.body)
	}
	login := map[string]string{"email": who, "password": multiPassword}
	b.must(t, b.call(t, "POST", "/api/v1/login", "", login, "X-2FA-Device", device), 200, "")
	a.must(t, a.call(t, "DELETE", "/api/v1/me/devices", token, nil), 204, "")
	b.must(t, b.call(t, "POST", "/api/v1/login", "", login, "X-2FA-Device", device), 401, "2fa-required")
}

var undoLinkRe = regexp.MustCompile(`/email/undo\?token=([A-Za-z0-9_-]+)`)

// crossStolenSession: a thief's session on one instance can neither finish
// the owner's authenticator setup begun on the other nor outlive an email
// change made there; the undo link works on either instance.
func crossStolenSession(t *testing.T, a, b *instance, smtp *mailtest.Server) {
	const who, next = "stolen@example.com", "stolen@new.example"
	owner := signUpAndLogin(t, a, b, smtp, who)
	thief := loginAgain(t, b, smtp, who)
	sec := beginTOTP(t, a, smtp, who, owner).str("secret")
	b.must(t, b.call(t, "POST", "/api/v1/me/2fa/totp/verify", thief, map[string]string{"code": code(t, sec, time.Now())}), 409, "totp-setup-missing")

	b.must(t, b.call(t, "POST", "/api/v1/me/email", thief, map[string]string{"email": "thief@example.net"}), 403, "2fa-required")
	waitCode(t, smtp, who) // the proof code goes to the owner, not to the thief
	a.must(t, a.call(t, "POST", "/api/v1/me/email", owner, map[string]string{"email": next}), 403, "2fa-required")
	a.must(t, a.call(t, "POST", "/api/v1/me/email", owner, map[string]string{"email": next},
		"X-2FA-Method", "email", "X-2FA-Code", waitCode(t, smtp, who)), 202, "")
	b.must(t, b.call(t, "POST", "/api/v1/me/email/confirm", owner, map[string]string{"email": next, "code": waitCode(t, smtp, next)}), 200, "")
	a.must(t, a.call(t, "GET", "/api/v1/me", thief, nil), 401, "unauthenticated")

	var token string
	deadline := time.Now().Add(15 * time.Second)
	for token == "" && time.Now().Before(deadline) {
		if m := undoLinkRe.FindStringSubmatch(smtp.WaitFor(t, who, time.Until(deadline)).Text); m != nil {
			token = m[1]
		}
	}
	if token == "" {
		t.Fatal("no undo link mailed to the old address")
	}
	b.must(t, b.call(t, "POST", "/api/v1/email/undo", "", map[string]string{"token": token}), 200, "")
	a.must(t, a.call(t, "POST", "/api/v1/email/undo", "", map[string]string{"token": token}), 410, "undo-invalid")
	a.must(t, a.call(t, "GET", "/api/v1/me", owner, nil), 401, "unauthenticated")
}

// beginTOTP starts an authenticator setup through in for a signed-in,
// email-only account, proving it with the code it mails.
func beginTOTP(t *testing.T, in *instance, smtp *mailtest.Server, email, token string) answer {
	t.Helper()
	in.must(t, in.call(t, "POST", "/api/v1/me/2fa/totp/setup", token, nil, "X-2FA-Method", "email"), 403, "2fa-required")
	return in.must(t, in.call(t, "POST", "/api/v1/me/2fa/totp/setup", token, nil,
		"X-2FA-Method", "email", "X-2FA-Code", waitCode(t, smtp, email)), 200, "")
}

// loginAgain opens another session of an existing email-only
// account, through in.
func loginAgain(t *testing.T, in *instance, smtp *mailtest.Server, email string) string {
	t.Helper()
	ch := in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": email, "password": multiPassword}), 401, "2fa-required")
	c := waitCode(t, smtp, email)
	return in.must(t, in.call(t, "POST", "/api/v1/login/2fa", "", map[string]any{"challenge": ch.str("challenge"), "method": "email", "code": c}), 200, "").str("token")
}

// TestUnreachablePostgres: a database that does not answer stops the start
// with one clear line.
func TestUnreachablePostgres(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "k")
	if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", "postgres://postgres@127.0.0.1:1/test", "--secret-key-file", keyFile, "--db-connect-timeout", "2s"}, env(nil), &out, &out)
	if err == nil || !regexp.MustCompile(`cannot reach 127\.0\.0\.1:1`).MatchString(err.Error()) || bytes.ContainsRune([]byte(err.Error()), '\n') {
		t.Fatalf("got %v, want one line saying 127.0.0.1:1 cannot be reached", err)
	}
}

// crossKnown: a stranger with the password locks code entry for unknown
// devices through one instance; the owner's known device still signs in
// through the other.
func crossKnown(t *testing.T, a, b *instance, smtp *mailtest.Server) {
	const who = "known@example.com"
	a.must(t, a.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": who, "password": multiPassword, "name": "K"}), 201, "")
	ch := b.must(t, b.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 401, "2fa-required")
	r := a.must(t, a.call(t, "POST", "/api/v1/login/2fa", "", map[string]any{"challenge": ch.str("challenge"), "method": "email", "code": waitCode(t, smtp, who)}), 200, "")
	known := r.str("knownDevice")
	if known == "" {
		t.Fatalf("login gave no knownDevice: %v", r.body)
	}
	sec := enableTOTP(t, a, b, smtp, who, r.str("token"))
	guessWrong(t, a, sec, who) // a stranger with the password, from an unknown device
	b.must(t, b.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 429, "too-many-attempts")
	owner := b.must(t, b.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword, "knownDevice": known}), 401, "2fa-required").str("challenge")
	// The step after the current one: valid (one step of drift), and not
	// the step the setup used up.
	a.must(t, a.call(t, "POST", "/api/v1/login/2fa", "", map[string]string{"challenge": owner, "method": "totp", "code": code(t, sec, time.Now().Add(30*time.Second))}), 200, "")
}

// TestNoSMTPOnPostgresSendsNothing: an instance started without --smtp on a
// shared PostgreSQL database says so and leaves the mail in the outbox,
// rather than taking other instances' mail into its own log.
func TestNoSMTPOnPostgresSendsNothing(t *testing.T) {
	dsn := pgtest.Schema(t)
	keyFile := filepath.Join(t.TempDir(), "twofa.key")
	if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
		t.Fatal(err)
	}
	base, logs := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", dsn, "--secret-key-file", keyFile}, nil)
	in := &instance{url: base}
	const who = "nosmtp@example.com"
	in.must(t, in.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": who, "password": multiPassword, "name": "N"}), 201, "")
	in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": who, "password": multiPassword}), 401, "2fa-required")
	if !regexp.MustCompile(`this instance sends no mail`).MatchString(logs.String()) {
		t.Fatalf("no warning that this instance sends no mail:\n%s", logs.String())
	}
	// The sender would have delivered within a second; give it three.
	time.Sleep(3 * time.Second)
	r := in.must(t, in.call(t, "GET", "/readyz", "", nil), 200, "")
	if n, _ := r.body["mailBacklog"].(float64); n != 1 {
		t.Fatalf("/readyz = %v; want the login code still queued", r.body)
	}
	if regexp.MustCompile(`verification code`).MatchString(logs.String()) {
		t.Fatalf("the code mail went to this instance's log:\n%s", logs.String())
	}
}
