package main

import (
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAuditEventsLoggedAtOnce: an audit event's line, naming the account,
// the address and the detail, is in the log by the time the answer to the
// request that caused it arrives, although info lines are buffered.
func TestAuditEventsLoggedAtOnce(t *testing.T) {
	base, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--argon2", "m=1024,t=1,p=1", "--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	in := &instance{url: base}
	in.must(t, in.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": "audit@example.com", "password": multiPassword, "name": "A"}), 201, "")
	in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": "audit@example.com", "password": "not the password at all"}), 401, "invalid-credentials")
	for _, want := range []string{`msg="audit event" event=signup user=u_`, `msg="audit event" event=login-failed user=u_`, `ip=127.0.0.1 detail="wrong password"`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log lacks %q right after the answer:\n%s", want, log)
		}
	}
}

// TestDefaultLoggerFollowsServe: while serve runs, slog's default logger
// (which the OIDC library writes to) logs in serve's format.
func TestDefaultLoggerFollowsServe(t *testing.T) {
	_, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--log-format", "json", "--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	slog.Info("through the default logger")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), "through the default logger") {
		if time.Now().After(deadline) {
			t.Fatalf("the default logger's line is not in serve's log:\n%s", log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	for l := range strings.SplitSeq(strings.TrimSpace(log.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
	}
}
