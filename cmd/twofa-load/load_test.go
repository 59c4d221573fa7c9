package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/server"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// newTarget starts twofa in this process as a load run needs it: email 2FA
// off for new accounts, client addresses from X-Forwarded-For. argon2id is
// cheap here to keep the test short; timings are not what it checks.
func newTarget(t *testing.T, trustLoopback bool) string {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twofa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.DiscardHandler)
	mailer, err := mail.New("", "", log)
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, secret.KeySize)
	rand.Read(key)
	keys, err := secret.NewKeyring(rand.Reader, key)
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.DefaultConfig()
	cfg.Email2FADefault = false
	cheap := password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}
	svc, err := core.New(ctx, core.Deps{Store: st, Mailer: mailer, Keys: keys, Logger: log,
		Hasher: password.NewHasher(cheap, 0, rand.Reader)}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	var proxies []netip.Prefix
	if trustLoopback {
		proxies = server.LoopbackProxies()
	}
	h, err := server.New(server.Options{Service: svc, Logger: log, TrustedProxies: proxies})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRun loads an in-process server for two seconds, then again with
// --fill-with-me, reusing the accounts of the first run from a users file
// and adding two, and checks that logins went through
// without errors and the report names every route. It asserts no timings.
func TestRun(t *testing.T) {
	url := newTarget(t, true)
	usersFile := filepath.Join(t.TempDir(), "users.jsonl")
	pid := fmt.Sprint(os.Getpid()) // the server runs in this process
	for round, users := range []string{"4", "6"} {
		var out, log bytes.Buffer
		args := []string{"--url", url, "--users", users, "--concurrency", "3",
			"--duration", "2s", "--me-per-login", "2", "--users-file", usersFile, "--pid", pid}
		wantIdle := "waiting for an account free"
		if round == 1 {
			args = append(args, "--fill-with-me")
			wantIdle = "replaced by a GET /me"
		}
		err := run(t.Context(), args, &out, &log)
		if err != nil {
			t.Fatalf("round %d: run: %v\n%s%s", round, err, log.String(), out.String())
		}
		report := out.String()
		t.Logf("round %d:\n%s", round, report)
		for _, want := range []string{routeLogin, routeLogin2FA, routeMe, "errors: none", "whole logins", wantIdle, "server memory (pid " + pid + "): VmRSS", "CPU during the load: server (pid " + pid + ")", "server CPU per whole login: "} {
			if !strings.Contains(report, want) {
				t.Errorf("round %d: report lacks %q:\n%s", round, want, report)
			}
		}
		if strings.Contains(report, "errors by route") {
			t.Errorf("round %d: errors:\n%s", round, report)
		}
	}
	loaded, err := readUsers(usersFile)
	if err != nil || len(loaded) != 6 {
		t.Fatalf("users file holds %d accounts, %v; want 6", len(loaded), err)
	}
	for _, u := range loaded {
		if u.LastStep == 0 || u.Token == "" {
			t.Errorf("users file: %s has no last step or no session", u.Email)
		}
	}
}

// TestFirstRunLogsIn checks that freshly enrolled accounts can log in at
// once (they confirm TOTP with the previous step's code).
func TestFirstRunLogsIn(t *testing.T) {
	url := newTarget(t, true)
	c, err := parseFlags([]string{"--url", url, "--users", "3", "--concurrency", "2", "--duration", "1s", "--me-per-login", "1"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	res, err := load(t.Context(), c, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if res.logins.Load() < 3 {
		t.Errorf("%d whole logins, want every account (3) to log in once", res.logins.Load())
	}
	if n := res.load.errorCount() + res.setup.errorCount(); n != 0 {
		var out bytes.Buffer
		res.print(&out)
		t.Errorf("%d errors:\n%s", n, out.String())
	}
}

// TestNeedsTrustedProxies checks that without --trusted-proxies on the server the
// sign-up limit stops the set-up with an explanation.
func TestNeedsTrustedProxies(t *testing.T) {
	url := newTarget(t, false)
	err := run(t.Context(), []string{"--url", url, "--users", "12", "--concurrency", "1", "--duration", "1s"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
		t.Fatalf("run against a server without --trusted-proxies: %v, want advice to use --trusted-proxies", err)
	}
}

func TestRefusesRemote(t *testing.T) {
	for _, u := range []string{"http://192.0.2.10:8080", "http://example.com", "ftp://127.0.0.1", "http://127.0.0.1:8080/api"} {
		if err := checkTarget(u, false); err == nil {
			t.Errorf("checkTarget(%q) accepted it", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080"} {
		if err := checkTarget(u, false); err != nil {
			t.Errorf("checkTarget(%q): %v", u, err)
		}
	}
	if err := checkTarget("http://192.0.2.10:8080", true); err != nil {
		t.Errorf("checkTarget with allowRemote: %v", err)
	}
}

func TestBounds(t *testing.T) {
	for _, args := range [][]string{
		{"--users", "0"}, {"--users", "100001"}, {"--concurrency", "0"}, {"--concurrency", "5000"},
		{"--duration", "2h"}, {"--duration", "0s"}, {"--me-per-login", "-1"},
		{"--scenario", "bogus"}, {"--challenges-per-user", "4"}, {"--challenges-per-user", "0"},
		{"--setup-concurrency", "-1"}, {"--compare-url", "http://127.0.0.1:1"},
		{"--scenario", "me", "--compare-url", "http://192.0.2.1:80"}, {"--bare-server", "192.0.2.1:0"},
	} {
		if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
			t.Errorf("parseFlags(%v) accepted it", args)
		}
	}
}

func TestAddrAt(t *testing.T) {
	seen := map[string]bool{}
	for i := range 1000 {
		a := addrAt(benchNetSize-500, i)
		if !strings.HasPrefix(a, "198.18.") && !strings.HasPrefix(a, "198.19.") {
			t.Fatalf("addrAt(%d) = %s, outside 198.18.0.0/15", i, a)
		}
		if seen[a] {
			t.Fatalf("addrAt(%d) = %s repeats", i, a)
		}
		seen[a] = true
	}
}

// TestPoolGiveBack: an account given back in its step is handed out again
// in that step once its retry time has come, before the accounts not yet
// used; a give-back for another step is ignored.
func TestPoolGiveBack(t *testing.T) {
	users := []*vuser{{Email: "a"}, {Email: "b"}}
	p := &pool{users: users, step: -1}
	now := time.Unix(100*period, 0)
	u, step := p.take(now)
	if u != users[0] {
		t.Fatalf("first take: %v", u)
	}
	p.giveBack(u, step, now.Add(time.Second))
	if next, _ := p.take(now); next != users[1] {
		t.Fatalf("before the retry time: took %v, want b", next)
	}
	if none, _ := p.take(now); none != nil {
		t.Fatalf("before the retry time, with b used: took %v", none)
	}
	if again, s := p.take(now.Add(time.Second)); again != u || s != step {
		t.Fatalf("at the retry time: took %v in step %d, want %v in %d", again, s, u, step)
	}
	if none, _ := p.take(now); none != nil {
		t.Fatalf("every account used in the step, yet took %v", none)
	}
	p.giveBack(users[1], step-1, now) // a stale step: ignored
	if none, _ := p.take(now); none != nil {
		t.Fatalf("a give-back for an old step was handed out: %v", none)
	}
}

// TestTimingPairs runs --timing-pairs against an in-process server and
// checks the report has every figure; it asserts no timings.
func TestTimingPairs(t *testing.T) {
	url := newTarget(t, true)
	var out, log bytes.Buffer
	if err := run(t.Context(), []string{"--url", url, "--timing-pairs", "30"}, &out, &log); err != nil {
		t.Fatalf("run: %v\n%s%s", err, log.String(), out.String())
	}
	for _, want := range []string{"pairs:                              30", "median, known address:",
		"median, unknown address:", "median of paired differences:", "mean of paired differences:", "known one was slower:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	var bad bytes.Buffer
	if err := run(t.Context(), []string{"--url", url, "--timing-pairs", "-1"}, &out, &bad); err == nil {
		t.Error("--timing-pairs -1 was accepted")
	}
}
