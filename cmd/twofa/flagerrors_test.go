package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBadValuesOneLine: each bad flag, TWOFA_* variable or file value is
// refused with one exact line that names it and says what a good one
// looks like, before anything is logged or created.
func TestBadValuesOneLine(t *testing.T) {
	dir := t.TempDir()
	conf := writeConfig(t, "twofa.toml", "session-ttl = \"soon\"\n")
	for _, tc := range []struct {
		args []string
		vars map[string]string
		want string
	}{
		{nil, map[string]string{"TWOFA_EMAIL_CODE_TTL": "5x"}, `TWOFA_EMAIL_CODE_TTL (--email-code-ttl): "5x" is not a duration (like 10m or 1h30m)`},
		{[]string{"--email-code-ttl", "5x"}, nil, `--email-code-ttl: "5x" is not a duration (like 10m or 1h30m)`},
		{[]string{"--session-ttl=-1h"}, nil, `--session-ttl must be positive (got -1h0m0s)`},
		{[]string{"--config", conf}, nil, `config file ` + conf + `: key "session-ttl": "soon" is not a duration (like 10m or 1h30m) (twofa serve -h describes --session-ttl)`},
		{nil, map[string]string{"TWOFA_EMAIL_2FA_DEFAULT": "maybe"}, `TWOFA_EMAIL_2FA_DEFAULT (--email-2fa-default): "maybe" is not true or false`},
		{[]string{"--email-2fa-default=yes please"}, nil, `--email-2fa-default: "yes please" is not true or false`},
		{[]string{"--max-password-queue", "lots"}, nil, `--max-password-queue: "lots" is not a whole number`},
		{nil, map[string]string{"TWOFA_DB_MAX_CONNS": "-1"}, `TWOFA_DB_MAX_CONNS (--db-max-conns): want a whole number >= 0, got "-1"`},
		{[]string{"--nope"}, nil, `unknown flag --nope (twofa serve -h lists the flags)`},
		{[]string{"--email-code-tll", "5m"}, nil, `unknown flag --email-code-tll, did you mean --email-code-ttl? (twofa serve -h lists the flags)`},
		{[]string{"--addr"}, nil, `--addr needs a value (twofa serve -h describes it)`},
		{[]string{"--db", ""}, nil, `--db is empty: give a SQLite file path (like /var/lib/twofa/twofa.db) or a postgres:// URL`},
		{[]string{"--db", "mysql://twofa:db-secret@db.example.com/twofa"}, nil, `--db mysql://twofa:xxxxx@db.example.com/twofa: unknown scheme "mysql": give a SQLite file path or a postgres:// URL`},
		{[]string{"--db", filepath.Join(dir, "missing", "twofa.db")}, nil, `--db ` + filepath.Join(dir, "missing", "twofa.db") + `: its directory ` + filepath.Join(dir, "missing") + ` does not exist: create it (mkdir -p ` + filepath.Join(dir, "missing") + `) or give another path`},
		{[]string{"--db", dir}, nil, `--db ` + dir + ` is a directory: give the path of the database file, like ` + filepath.Join(dir, "twofa.db")},
		{[]string{"--db", "postgres://twofa:db-secret@127.0.0.1:99999/twofa"}, nil, "--db: cannot parse `postgres://twofa:xxxxx@127.0.0.1:99999/twofa`: invalid port"},
		{[]string{"--smtp", "http://mail.example.com"}, nil, `--smtp: smtp url: unknown scheme "http" (use smtp:// or smtps://)`},
		{nil, map[string]string{"TWOFA_SMTP": "smtp://twofa:mail-secret@mail.example.com:99999"}, `--smtp: smtp url: bad port "99999" (want 1-65535)`},
		{[]string{"--smtp", "smtp://mail.example.com?tls=yes"}, nil, `--smtp: smtp url: unknown query parameter "tls" (only starttls is known)`},
		{[]string{"--mail-from", "not an address"}, nil, `--mail-from "not an address" is not a mail address like twofa@example.com or "Example <twofa@example.com>"`},
		{[]string{"--base-url", "id.example.com"}, nil, `--base-url "id.example.com" is not an absolute http or https URL like https://id.example.com`},
		{[]string{"--log-format", "xml"}, nil, `--log-format must be text or json (got "xml")`},
		{[]string{"--tls-cert", "/etc/twofa/tls.crt"}, nil, `--tls-cert and --tls-key go together: give both files (the certificate chain and its private key), or neither`},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)
		vars := map[string]string{"TWOFA_DB": filepath.Join(dir, "twofa.db")}
		for k, v := range tc.vars {
			vars[k] = v
		}
		err := run(context.Background(), args, env(vars), &stdout, &stderr)
		if err == nil {
			t.Errorf("%v %v: started", tc.args, tc.vars)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%v %v:\n got %s\nwant %s", tc.args, tc.vars, err, tc.want)
		}
		if stderr.Len() > 0 || stdout.Len() > 0 {
			t.Errorf("%v %v: printed more than the error:\n%s%s", tc.args, tc.vars, stdout.String(), stderr.String())
		}
		for _, secret := range []string{"db-secret", "mail-secret"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%v %v: the error shows a password: %s", tc.args, tc.vars, err)
			}
		}
	}
	if names := dirNames(t, dir); len(names) > 1 {
		t.Errorf("refused starts left %v", names)
	}
}

// TestUnknownVariable: a misspelt TWOFA_* variable in the environment is
// refused, with the closest real one; the tests' own TWOFA_TEST_* are not.
func TestUnknownVariable(t *testing.T) {
	t.Setenv("TWOFA_EMAIL_CODE_TLL", "5m")
	t.Setenv("TWOFA_TEST_SOMETHING", "1")
	// Bounded: a serve that did not refuse would run until it ends.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, cmd := range [][]string{{"serve"}, {"config"}, {"migrate"}, {"oidc", "client", "list"}} {
		var out bytes.Buffer
		err := run(ctx, append(cmd, "--db", filepath.Join(t.TempDir(), "twofa.db")), os.Getenv, &out, &out)
		want := "TWOFA_EMAIL_CODE_TLL is set but is no twofa variable, did you mean TWOFA_EMAIL_CODE_TTL? (unset it; the variables are TWOFA_ and a flag of twofa serve -h, like TWOFA_EMAIL_CODE_TTL for --email-code-ttl)"
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%v: %v, want %q", cmd, err, want)
		}
	}
	os.Unsetenv("TWOFA_EMAIL_CODE_TLL")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"config"}, os.Getenv, &out, &out); err != nil {
		t.Errorf("with only TWOFA_TEST_SOMETHING set: %v", err)
	}
}

// TestBinaryErrorOneLine: the built twofa prints a refused value as one
// line on stderr, "twofa: " and the error, and exits 1.
func TestBinaryErrorOneLine(t *testing.T) {
	cmd := exec.Command(twofaBinary(t), "serve", "--db", filepath.Join(t.TempDir(), "twofa.db"), "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TWOFA_EMAIL_CODE_TTL=5x")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	want := "twofa: TWOFA_EMAIL_CODE_TTL (--email-code-ttl): \"5x\" is not a duration (like 10m or 1h30m)\n"
	if stderr.String() != want || stdout.Len() > 0 {
		t.Fatalf("stderr %q, stdout %q; want stderr %q", stderr.String(), stdout.String(), want)
	}
}
