package main

import (
	"bytes"
	"context"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeConfig writes a config file named name in a new directory and
// returns its path.
func writeConfig(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestConfigFilePrecedence: for one flag, the command line wins over
// TWOFA_*, which wins over the file, which wins over the default.
func TestConfigFilePrecedence(t *testing.T) {
	path := writeConfig(t, "twofa.yaml", "email-code-ttl: 3m\n")
	for _, tc := range []struct {
		name string
		args []string
		vars map[string]string
		want time.Duration
	}{
		{"default", nil, nil, 10 * time.Minute},
		{"file", []string{"--config", path}, nil, 3 * time.Minute},
		{"env over file", []string{"--config", path}, map[string]string{"TWOFA_EMAIL_CODE_TTL": "4m"}, 4 * time.Minute},
		{"flag over env", []string{"--config", path, "--email-code-ttl", "5m"}, map[string]string{"TWOFA_EMAIL_CODE_TTL": "4m"}, 5 * time.Minute},
	} {
		c, err := parseServe(tc.args, tc.vars)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if c.Core.EmailCodeTTL != tc.want {
			t.Errorf("%s: email-code-ttl %s, want %s", tc.name, c.Core.EmailCodeTTL, tc.want)
		}
	}
}

// TestConfigFileFormats: YAML and TOML files set strings, numbers,
// booleans, durations and a list for --trusted-proxies; TWOFA_CONFIG
// names the file too.
func TestConfigFileFormats(t *testing.T) {
	yamlFile := writeConfig(t, "twofa.yml", `
addr: 127.0.0.1:9090
max-password-queue: 7
email-2fa-default: false
session-ttl: 2h
trusted-proxies:
  - 10.0.0.5
  - 10.1.0.0/16
`)
	tomlFile := writeConfig(t, "twofa.toml", `
addr = "127.0.0.1:9090"
max-password-queue = 7
email-2fa-default = false
session-ttl = "2h"
trusted-proxies = ["10.0.0.5", "10.1.0.0/16"]
`)
	wantProxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32"), netip.MustParsePrefix("10.1.0.0/16")}
	for _, tc := range []struct {
		name string
		args []string
		vars map[string]string
	}{
		{"yaml", []string{"--config", yamlFile}, nil},
		{"toml", []string{"--config=" + tomlFile}, nil},
		{"TWOFA_CONFIG", nil, map[string]string{"TWOFA_CONFIG": tomlFile}},
	} {
		c, err := parseServe(tc.args, tc.vars)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if c.Addr != "127.0.0.1:9090" || c.PasswordQueue != 7 || c.Core.Email2FADefault || c.Core.SessionTTL != 2*time.Hour {
			t.Errorf("%s: addr %q, max-password-queue %d, email-2fa-default %v, session-ttl %s; want the file's", tc.name, c.Addr, c.PasswordQueue, c.Core.Email2FADefault, c.Core.SessionTTL)
		}
		if !slices.Equal(c.Proxies, wantProxies) {
			t.Errorf("%s: trusted-proxies %v, want %v", tc.name, c.Proxies, wantProxies)
		}
	}
}

// TestConfigFileErrors: an unknown key, a refused value, a nested table,
// --config inside the file and an unknown extension are errors that name
// the key and the file.
func TestConfigFileErrors(t *testing.T) {
	for _, tc := range []struct {
		file, text string
		want       []string
	}{
		{"a.yaml", "email-code-tll: 5m\n", []string{`"email-code-tll"`, "a.yaml", "unknown key", `did you mean "email-code-ttl"`}},
		{"b.toml", "session-ttl = \"soon\"\n", []string{`"session-ttl"`, "b.toml", `"soon" is not a duration`}},
		{"c.yaml", "trusted-proxies: [not-an-address]\n", []string{`"trusted-proxies"`, "c.yaml", "not-an-address"}},
		{"d.toml", "[smtp]\nhost = \"mail\"\n", []string{`"smtp"`, "d.toml", "nested table"}},
		{"e.yaml", "config: other.yaml\n", []string{`"config"`, "e.yaml"}},
		{"f.json", "{}", []string{"f.json", `".json"`, ".yaml, .yml or .toml"}},
	} {
		path := writeConfig(t, tc.file, tc.text)
		_, err := parseServe([]string{"--config", path}, nil)
		if err == nil {
			t.Errorf("%s: no error", tc.file)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tc.file, err, w)
			}
		}
	}
}

// TestConfigFileSkipsOtherCommandsFlags: twofa migrate reads a file that
// also holds serve's flags, and takes only the database ones.
func TestConfigFileSkipsOtherCommandsFlags(t *testing.T) {
	path := writeConfig(t, "twofa.yaml", "db: other.db\nsmtp: smtp://mail:25\n")
	var c config
	fs := newFlagSet("migrate", &c, io.Discard)
	if err := parseFlags(fs, []string{"--config", path}, env(nil)); err != nil {
		t.Fatal(err)
	}
	if c.DB != "other.db" {
		t.Errorf("db %q, want other.db from the file", c.DB)
	}
}

// TestConfigCommand: twofa config prints each flag's value and source, and
// masks the passwords of a postgres --db and of --smtp.
func TestConfigCommand(t *testing.T) {
	path := writeConfig(t, "twofa.yaml", `
smtp: smtp://mailer:mail-secret@mail.example.com:587
session-ttl: 2h
email-code-ttl: 3m
`)
	var out, errOut bytes.Buffer
	args := []string{"config", "--email-code-ttl", "5m", "--db", "postgres://twofa:db-secret@db.example.com/twofa?sslmode=disable"}
	vars := map[string]string{"TWOFA_CONFIG": path, "TWOFA_SESSION_TTL": "4h"}
	if err := run(context.Background(), args, env(vars), &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"email-code-ttl = 5m  (flag)\n",
		"session-ttl = 4h  (env TWOFA_SESSION_TTL)\n",
		"smtp = smtp://mailer:xxxxx@mail.example.com:587  (file " + path + ")\n",
		"db = postgres://twofa:xxxxx@db.example.com/twofa?sslmode=disable  (flag)\n",
		"config = " + path + "  (env TWOFA_CONFIG)\n",
		"addr = 127.0.0.1:8080  (default)\n",
		"log-level = info  (default)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("twofa config does not print %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{"mail-secret", "db-secret"} {
		if strings.Contains(got+errOut.String(), secret) {
			t.Errorf("twofa config printed the password %q:\n%s", secret, got)
		}
	}
	if n := strings.Count(got, "\n"); n < 30 {
		t.Errorf("twofa config printed %d lines, want one per serve flag:\n%s", n, got)
	}
}

// TestConfigCommandQueryPassword: a password given as a query parameter
// of the database URL is masked too.
func TestConfigCommandQueryPassword(t *testing.T) {
	var out bytes.Buffer
	args := []string{"config", "--db", "postgres://twofa@db.example.com/twofa?password=db-secret"}
	if err := run(context.Background(), args, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "db-secret") {
		t.Errorf("twofa config printed the password:\n%s", out.String())
	}
}
