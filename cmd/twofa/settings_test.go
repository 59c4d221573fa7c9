package main

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/mail/mailtest"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// TestSettingsAcrossProcesses runs two real twofa processes on one
// PostgreSQL database: each shows where its values come from (one was
// started with --email-code-ttl), and a setting an administrator changes
// through one is in force on the other within the reload interval.
func TestSettingsAcrossProcesses(t *testing.T) {
	dsn := pgtest.Schema(t)
	keyFile := filepath.Join(t.TempDir(), "twofa.key")
	if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
		t.Fatal(err)
	}
	smtp := mailtest.NewServer(t)
	a := startInstance(t, dsn, keyFile, smtp.URL(), "--email-code-ttl", "5m")
	b := startInstance(t, dsn, keyFile, smtp.URL())

	const boss = "boss@example.com"
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(multiPassword), 0o600); err != nil {
		t.Fatal(err)
	}
	twofa(t, "admin", "create", "--email", boss, "--name", "Boss", "--password-file", pwFile, "--db", dsn, "--secret-key-file", keyFile)
	token := loginAgain(t, a, smtp, boss)

	origin := func(in *instance, name string) (source string, value any) {
		t.Helper()
		r := in.must(t, in.call(t, "GET", "/api/v1/admin/settings", token, nil), 200, "")
		settings, _ := r.body["settings"].(map[string]any)
		s, _ := settings[name].(map[string]any)
		source, _ = s["source"].(string)
		return source, s["value"]
	}
	if src, v := origin(a, "emailCodeTtl"); src != "flag --email-code-ttl" || v != "5m" {
		t.Errorf("emailCodeTtl on the instance started with the flag: %v from %q", v, src)
	}
	if src, v := origin(b, "emailCodeTtl"); src != "default" || v != "10m" {
		t.Errorf("emailCodeTtl on the other: %v from %q", v, src)
	}

	b.must(t, b.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": "user@example.com", "password": multiPassword, "name": "U"}), 201, "")
	user := loginAgain(t, b, smtp, "user@example.com")
	b.must(t, b.call(t, "GET", "/api/v1/me/sessions", user, nil), 200, "")

	// Through A: close sign-up, and require an authenticator app with no
	// grace. B must apply both on its own, by its reload loop.
	a.must(t, a.call(t, "PUT", "/api/v1/admin/settings", token,
		map[string]any{"signupOpen": false, "enforcement": "all", "enforcementGrace": "0s"}), 200, "")
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := b.call(t, "GET", "/api/v1/me/sessions", user, nil)
		if r.status == 403 && r.str("error") == "2fa-enrollment-required" {
			break
		}
		if r.status != 200 {
			t.Fatalf("the user's request on the other instance: %d %v", r.status, r.body)
		}
		if time.Now().After(deadline) {
			t.Fatal("the other instance does not enforce the requirement 15 s after it was set")
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.must(t, b.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": "late@example.com", "password": multiPassword, "name": "L"}), 403, "signup-closed")
	me := b.must(t, b.call(t, "GET", "/api/v1/me", user, nil), 200, "")
	if e, _ := me.body["enrollment"].(map[string]any); e["required"] != true || e["restricted"] != true || e["graceLeftSeconds"] != float64(0) {
		t.Errorf("enrollment on the other instance: %v", me.body["enrollment"])
	}
}
