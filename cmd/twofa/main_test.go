package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

// syncBuffer is an io.Writer the test can read while run writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

var listenRe = regexp.MustCompile(`listening on (https?://[0-9.:]+)`)

// startServe runs "twofa serve" in the background and returns its URL and
// its log.
func startServe(t *testing.T, args []string, vars map[string]string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), env(vars), &stdout, &stderr) }()
	exited := false
	t.Cleanup(func() {
		cancel()
		if exited {
			return
		}
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenRe.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], &stderr
		}
		select {
		case err := <-done:
			exited = true
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", stderr.String())
	return "", nil
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "twofa ") {
		t.Fatalf("version printed %q", out.String())
	}
}

// TestServeSQLite starts the real command on a SQLite file with mail to the
// log, as the README's first command does.
func TestServeSQLite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "twofa.db")
	url, log := startServe(t, []string{"--addr", "127.0.0.1:0"}, map[string]string{"TWOFA_DB": db})
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz = %d", resp.StatusCode)
	}
	resp, err = http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/readyz = %d", resp.StatusCode)
	}
	st, err := os.Stat(db + ".key")
	if err != nil {
		t.Fatalf("no key file beside the database: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
	if st, err := os.Stat(db); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("database file mode: %v %v, want 0600", st.Mode(), err)
	}
	for _, want := range []string{"mail is not delivered", "generated a new secret key", "apart from the database"} {
		if !strings.Contains(strings.ToLower(log.String()), strings.ToLower(want)) {
			t.Errorf("startup log lacks %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), "with the database") {
		t.Errorf("startup log says to keep the key with the database:\n%s", log.String())
	}
}

func TestFlagErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		vars map[string]string
		want string
	}{
		{[]string{"serve", "--email-code-ttl", "-1m"}, nil, "--email-code-ttl must be positive"},
		{[]string{"serve", "--nope"}, nil, "unknown flag --nope"},
		{[]string{"serve", "--max-password-queue", "-1"}, nil, "--max-password-queue must be 0 (no bound) or more"},
		{[]string{"serve"}, map[string]string{"TWOFA_EMAIL_2FA_DEFAULT": "maybe"}, "TWOFA_EMAIL_2FA_DEFAULT"},
		{[]string{"serve", "--smtp", "http://mail.example.com"}, map[string]string{"TWOFA_DB": filepath.Join(dir, "a.db")}, "--smtp"},
		{[]string{"serve", "--db", "postgres://u@127.0.0.1:1/x"}, nil, "--secret-key-file is required with PostgreSQL"},
		{[]string{"serve", "--trusted-proxies", "10.0.0.0/8,proxy.internal"}, nil, `-trusted-proxies: "proxy.internal" is not an IP address or CIDR prefix`},
		{[]string{"serve"}, map[string]string{"TWOFA_TRUSTED_PROXIES": "10.0.0.0/33"}, `TWOFA_TRUSTED_PROXIES (--trusted-proxies): "10.0.0.0/33" is not an IP address`},
		{[]string{"serve", "--log-level", "verbose"}, nil, `-log-level: want debug, info, warn or error, got "verbose"`},
		{[]string{"serve"}, map[string]string{"TWOFA_LOG_LEVEL": "INFO+2"}, `TWOFA_LOG_LEVEL (--log-level): want debug, info, warn or error`},
		{[]string{"serve", "--argon2", "m=19456,t=2"}, nil, "-argon2: key p is missing"},
		{[]string{"serve", "--argon2", "m=19456,t=2,p=1,s=16"}, nil, `-argon2: unknown key "s"`},
		{[]string{"serve", "--argon2", "m=19456,t=0,p=1"}, nil, "-argon2: key t:"},
		{[]string{"serve"}, map[string]string{"TWOFA_ARGON2": "m=8388608,t=2,p=1"}, "TWOFA_ARGON2 (--argon2): key m:"},
		{[]string{"serve", "--webauthn-origins", "https://a.example.com,login.example.com"}, nil, `--webauthn-origins: "login.example.com" is not a web origin`},
		{[]string{"serve"}, map[string]string{"TWOFA_WEBAUTHN_ORIGINS": "https://a.example.com/path"}, `--webauthn-origins: "https://a.example.com/path" is not a web origin`},
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
	}
	for _, c := range cases {
		var out bytes.Buffer
		err := run(context.Background(), c.args, env(c.vars), &out, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want an error containing %q", c.args, err, c.want)
		}
	}
}

// TestMissingKeyFile: an existing database whose key file is gone is not
// given a new, useless key.
func TestMissingKeyFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	t.Run("first start", func(t *testing.T) {
		startServe(t, []string{"--addr", "127.0.0.1:0", "--db", db}, nil)
	})
	if err := os.Remove(db + ".key"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "exists but its key file") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(db + ".key"); err == nil {
		t.Fatal("a new key file was written for a database in use")
	}
}

// TestSMTPWithoutMailFrom: --smtp alone starts, warns that the sender is a
// guess, and mails the login code from twofa@ the --base-url host.
func TestSMTPWithoutMailFrom(t *testing.T) {
	smtp := mailtest.NewServer(t)
	base, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--smtp", smtp.URL(), "--base-url", "https://id.example.com:8443",
		"--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	if !strings.Contains(log.String(), "no --mail-from given") {
		t.Errorf("no warning about the missing --mail-from:\n%s", log)
	}
	for _, step := range []struct {
		path, body string
		want       int
	}{
		{"/api/v1/signup", `{"email":"f@example.com","password":"correct horse battery","name":"F"}`, 201},
		{"/api/v1/login", `{"email":"f@example.com","password":"correct horse battery"}`, 401}, // 2fa-required: the code is mailed
	} {
		req, err := http.NewRequest("POST", base+step.path, strings.NewReader(step.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://id.example.com:8443")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != step.want {
			t.Fatalf("POST %s = %d, want %d", step.path, resp.StatusCode, step.want)
		}
	}
	m := smtp.WaitFor(t, "f@example.com", 10*time.Second)
	if m.From != "twofa@id.example.com" {
		t.Fatalf("mail sent from %q, want twofa@id.example.com", m.From)
	}
	if m.Find(regexp.MustCompile(`\b(\d{3}-\d{3})\b`)) == "" {
		t.Fatalf("no code in the login mail: %s", m.Text)
	}
}

func TestDefaultMailFrom(t *testing.T) {
	for base, want := range map[string]string{
		"":                         "twofa@localhost",
		"https://id.example.com":   "twofa@id.example.com",
		"https://ID.example.com:8": "twofa@ID.example.com",
		"http://127.0.0.1:8080":    "twofa@localhost",
		"http://[::1]:8080":        "twofa@localhost",
	} {
		if got := defaultMailFrom(base); got != want {
			t.Errorf("defaultMailFrom(%q) = %q, want %q", base, got, want)
		}
	}
}

// TestLooseKeyFileRefused: serve refuses a key file its group or others
// may read, with one line that says to run chmod 600 on it.
func TestLooseKeyFileRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "twofa.db")
	t.Run("first start", func(t *testing.T) {
		startServe(t, []string{"--addr", "127.0.0.1:0", "--db", db}, nil)
	})
	if err := os.Chmod(db+".key", 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, env(nil), &out, &out)
	want := "run `chmod 600 " + db + ".key`"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("serve with a key file of mode 0644: %v, want one line saying %s", err, want)
	}
}

// TestServeArgon2Warning: argon2id costs below OWASP's are accepted with a
// warning at startup; the default ones warn of nothing.
func TestServeArgon2Warning(t *testing.T) {
	for _, tc := range []struct {
		args []string
		warn bool
	}{
		{[]string{"--argon2", "m=1024,t=1,p=1"}, true},
		{[]string{"--argon2", "m=12288,t=3,p=1"}, false},
		{nil, false},
	} {
		db := filepath.Join(t.TempDir(), "twofa.db")
		_, log := startServe(t, append([]string{"--addr", "127.0.0.1:0"}, tc.args...), map[string]string{"TWOFA_DB": db})
		got := strings.Contains(log.String(), "below OWASP's recommendation")
		if got != tc.warn {
			t.Errorf("%v: warning %v, want %v; log:\n%s", tc.args, got, tc.warn, log.String())
		}
	}
}
