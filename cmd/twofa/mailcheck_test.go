package main

import (
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

// readyzBody is the answer of GET /readyz; it fails the test unless the
// status is 200.
func readyzBody(t *testing.T, base string) map[string]any {
	t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/readyz = %d", resp.StatusCode)
	}
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body
}

// mailSMTP is the "smtp" of /readyz's "mail", with its check time.
func mailSMTP(t *testing.T, base string) (string, time.Time) {
	t.Helper()
	m, ok := readyzBody(t, base)["mail"].(map[string]any)
	if !ok {
		t.Fatalf("/readyz has no mail object: %v", readyzBody(t, base))
	}
	at, err := time.Parse(time.RFC3339Nano, m["checkedAt"].(string))
	if err != nil {
		t.Fatalf("checkedAt: %v", err)
	}
	smtp, _ := m["smtp"].(string)
	return smtp, at
}

// TestMailCheckClosedPort: with --smtp on a port nobody listens on, serve
// starts, warns once in its log, and /readyz answers 200 with the cause
// under "mail".
func TestMailCheckClosedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--smtp", "smtp://twofa:mail-secret@" + addr, "--mail-from", "twofa@example.com",
		"--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	if n := strings.Count(log.String(), "the mail server (--smtp) does not answer"); n != 1 {
		t.Errorf("%d warnings at start, want 1:\n%s", n, log)
	}
	smtp, at := mailSMTP(t, base)
	if want := "unreachable: dial: connect: connection refused"; smtp != want {
		t.Errorf("/readyz mail.smtp = %q, want %q", smtp, want)
	}
	if time.Since(at) > time.Minute || time.Since(at) < 0 {
		t.Errorf("checkedAt %v is not the start's check", at)
	}
	if strings.Contains(log.String(), "mail-secret") {
		t.Errorf("the log shows the SMTP password:\n%s", log)
	}
}

// TestMailCheckFollowsServer: /readyz's "mail" follows a real SMTP server
// that goes away and comes back, without a restart, and stays 200.
func TestMailCheckFollowsServer(t *testing.T) {
	defer func(d time.Duration) { mailCheckEvery = d }(mailCheckEvery)
	mailCheckEvery = 50 * time.Millisecond
	smtpServer := mailtest.NewServer(t)
	proxy := newProxy(t, smtpServer.Addr())
	base, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--smtp", "smtp://" + proxy.addr, "--mail-from", "twofa@example.com",
		"--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	if smtp, _ := mailSMTP(t, base); smtp != "reachable" {
		t.Fatalf("/readyz mail.smtp = %q, want reachable", smtp)
	}
	waitMail := func(prefix string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if smtp, _ := mailSMTP(t, base); strings.HasPrefix(smtp, prefix) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		smtp, _ := mailSMTP(t, base)
		t.Fatalf("/readyz mail.smtp stayed %q, want %s...", smtp, prefix)
	}
	proxy.down()
	waitMail("unreachable: ")
	proxy.up(t)
	waitMail("reachable")
	_, first := mailSMTP(t, base)
	time.Sleep(200 * time.Millisecond)
	if _, later := mailSMTP(t, base); !later.After(first) {
		t.Errorf("checkedAt stays %v: the check does not run again", first)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), "the mail server (--smtp) answers again") {
		if time.Now().After(deadline) {
			t.Fatalf("the log does not say the mail server is back:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(smtpServer.Messages()); n != 0 {
		t.Errorf("the checks sent %d mails", n)
	}
}

// TestReadyzWithoutSMTP: without --smtp, /readyz has no "mail".
func TestReadyzWithoutSMTP(t *testing.T) {
	base, _ := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	if m, ok := readyzBody(t, base)["mail"]; ok {
		t.Errorf("/readyz mail = %v without --smtp", m)
	}
}
