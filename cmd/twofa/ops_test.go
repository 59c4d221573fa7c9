package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// tcpProxy forwards a loopback port to PostgreSQL and can be cut and
// restored, to play a database that goes away and comes back.
type tcpProxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func newProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{target: target}
	p.up(t)
	p.addr = p.ln.Addr().String()
	t.Cleanup(p.down)
	return p
}

func (p *tcpProxy) up(t *testing.T) {
	t.Helper()
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *tcpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func status(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitStatus polls until u answers want, failing after a bound.
func waitStatus(t *testing.T, u string, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if status(t, u) == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never answered %d", u, want)
}

// TestReadyzFollowsDatabase: /readyz answers 503 while PostgreSQL is
// unreachable and 200 again once it is back, without a restart; /healthz
// stays 200 throughout.
func TestReadyzFollowsDatabase(t *testing.T) {
	dsn := pgtest.Schema(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newProxy(t, u.Host)
	u.Host = proxy.addr
	keyFile := filepath.Join(t.TempDir(), "twofa.key")
	if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
		t.Fatal(err)
	}
	base, _ := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", u.String(), "--secret-key-file", keyFile, "--db-connect-timeout", "1s"}, nil)
	waitStatus(t, base+"/readyz", 200)
	proxy.down()
	waitStatus(t, base+"/readyz", 503)
	if got := status(t, base+"/healthz"); got != 200 {
		t.Fatalf("/healthz = %d while the database is away", got)
	}
	proxy.up(t)
	waitStatus(t, base+"/readyz", 200)
}

// TestMigrateCommand: "twofa migrate" creates the schema; "serve
// --no-migrate" then starts on it, and refuses to guess on an empty file.
func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--no-migrate"}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "twofa migrate") {
		t.Fatalf("serve --no-migrate without a database file: %v, want a refusal that says to run twofa migrate", err)
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("serve --no-migrate created %s (%v)", db, err)
	}
	// An empty file, as a careless operator might create, is refused too.
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--no-migrate"}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "run `twofa migrate`") {
		t.Fatalf("serve --no-migrate on an empty file: %v, want a refusal that says to run twofa migrate", err)
	}
	if err := run(context.Background(), []string{"migrate", "--db", db}, env(nil), &out, &out); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	st, err := sqlite.OpenOptions(context.Background(), db, sqlite.Options{NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := st.MigrationsPending(context.Background())
	st.Close()
	if err != nil || pending {
		t.Fatalf("after migrate: pending=%v err=%v", pending, err)
	}
	base, _ := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", db, "--no-migrate"}, nil)
	if got := status(t, base+"/readyz"); got != 200 {
		t.Fatalf("/readyz = %d", got)
	}
}

// TestRotateKey: after rotate-key the key file holds a new key first and
// the old one after it, every secret is sealed under the new key, and a
// server holding only the new key still reads the data.
func TestRotateKey(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	keyFile := db + ".key"
	base, _ := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", db}, map[string]string{"TWOFA_EMAIL_2FA_DEFAULT": "false"})
	in := &instance{url: base}
	in.must(t, in.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": "rot@example.com", "password": multiPassword, "name": "R"}), 201, "")
	token := in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": "rot@example.com", "password": multiPassword}), 200, "").str("token")
	// No second factor yet: adding one is proved with the password.
	setup := in.must(t, in.call(t, "POST", "/api/v1/me/2fa/totp/setup", token, nil, "X-2FA-Method", "password", "X-2FA-Code", multiPassword), 200, "")
	sec := setup.str("secret")
	in.must(t, in.call(t, "POST", "/api/v1/me/2fa/totp/verify", token, map[string]string{"code": code(t, sec, time.Now())}), 200, "")
	oldKeys, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"rotate-key", "--db", db}, env(nil), &out, &out); err != nil {
		t.Fatalf("rotate-key: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 TOTP secrets") {
		t.Fatalf("rotate-key said %q", out.String())
	}
	lines := strings.Fields(string(mustRead(t, keyFile)))
	if len(lines) != 2 || lines[1] != strings.TrimSpace(string(oldKeys)) {
		t.Fatalf("key file after rotation: %q", lines)
	}
	// The running server (old key first in its memory) still works: it
	// re-reads the file when it meets the new key.
	ch := in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": "rot@example.com", "password": multiPassword}), 401, "2fa-required")
	in.must(t, in.call(t, "POST", "/api/v1/login/2fa", "", map[string]string{"challenge": ch.str("challenge"), "method": "totp", "code": code(t, sec, time.Now().Add(30*time.Second))}), 200, "")

	// Running it again with --reseal-only finds nothing left to do.
	out.Reset()
	if err := run(context.Background(), []string{"rotate-key", "--db", db, "--reseal-only"}, env(nil), &out, &out); err != nil {
		t.Fatalf("rotate-key --reseal-only: %v", err)
	}
	if !strings.Contains(out.String(), "0 TOTP secrets re-encrypted") {
		t.Fatalf("reseal-only said %q", out.String())
	}
	if lines := strings.Fields(string(mustRead(t, keyFile))); len(lines) != 2 {
		t.Fatalf("reseal-only changed the key file: %q", lines)
	}

	// A server with only the new key reads everything.
	newOnly := filepath.Join(dir, "new-only.key")
	if err := os.WriteFile(newOnly, []byte(lines[0]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := secret.LoadKeyFile(newOnly, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.ResealSecrets(context.Background(), func(userID string, sealed []byte) ([]byte, error) {
		if !keys.SealedWithCurrent(sealed) {
			return nil, errors.New("a secret is still sealed under the old key")
		}
		if _, err := keys.Open(sealed, []byte(userID)); err != nil {
			return nil, err
		}
		return sealed, nil
	})
	if err != nil || n != 1 {
		t.Fatalf("checking secrets with the new key only: n=%d err=%v", n, err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
