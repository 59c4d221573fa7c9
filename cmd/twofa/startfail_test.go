package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// TestFailedStartCreatesNothing: a start of serve that fails, whether
// before the database is opened (a port in use, a bad key file, a bad
// flag) or after it was created (a value only the service checks), leaves
// no database file and no key file behind; one that fails on a database
// in use leaves that database and its key alone.
func TestFailedStartCreatesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	writeFile := func(path, text string, mode os.FileMode) {
		if err := os.WriteFile(path, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		prepare func(dir string) []string // writes what is there before; returns extra flags
		want    string
	}{
		{"port in use", func(string) []string { return []string{"--addr", busy.Addr().String()} }, "--addr: listen tcp " + busy.Addr().String()},
		{"metrics port in use", func(string) []string { return []string{"--metrics-addr", busy.Addr().String()} }, "--metrics-addr: listen tcp"},
		{"key file not hexadecimal", func(dir string) []string {
			writeFile(filepath.Join(dir, "bad.key"), strings.Repeat("zz", 32)+"\n", 0o600)
			return []string{"--secret-key-file", filepath.Join(dir, "bad.key")}
		}, "not hexadecimal"},
		{"key file missing", func(dir string) []string {
			return []string{"--secret-key-file", filepath.Join(dir, "none.key")}
		}, "none.key: stat"},
		{"key file beside the database readable by others", func(dir string) []string {
			writeFile(filepath.Join(dir, "twofa.db.key"), strings.Repeat("ab", 32)+"\n", 0o644)
			return nil
		}, "run `chmod 600"},
		{"TLS certificate missing", func(dir string) []string {
			return []string{"--tls-cert", filepath.Join(dir, "none.crt"), "--tls-key", filepath.Join(dir, "none.key")}
		}, "none.crt: no such file"},
		{"bad flag", func(string) []string { return []string{"--no-such-flag"} }, "unknown flag --no-such-flag"},
		{"bad value", func(string) []string { return []string{"--session-ttl", "a week"} }, `"a week" is not a duration`},
		{"bad value found after the database was made", func(string) []string { return []string{"--oidc-signing-alg", "HS256"} }, "HS256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			extra := tc.prepare(dir)
			before := dirNames(t, dir)
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "twofa.db")}, extra...)
			var out bytes.Buffer
			err := run(context.Background(), args, env(nil), &out, &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve %v: %v, want an error saying %q\n%s", extra, err, tc.want, out.String())
			}
			if after := dirNames(t, dir); !slices.Equal(after, before) {
				t.Fatalf("a failed start left %v in its directory (before: %v)", after, before)
			}
		})
	}

	t.Run("database in use is kept", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "twofa.db")
		t.Run("first start", func(t *testing.T) {
			startServe(t, []string{"--addr", "127.0.0.1:0", "--db", db}, nil)
		})
		before := dirNames(t, dir)
		for _, extra := range [][]string{{"--oidc-signing-alg", "HS256"}, {"--addr", busy.Addr().String()}} {
			var out bytes.Buffer
			if err := run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, extra...), env(nil), &out, &out); err == nil {
				t.Fatalf("serve %v started", extra)
			}
			if after := dirNames(t, dir); !slices.Contains(after, "twofa.db") || !slices.Contains(after, "twofa.db.key") {
				t.Fatalf("a failed start on a database in use left %v (before: %v)", after, before)
			}
		}
		// It still starts, with its key.
		startServe(t, []string{"--addr", "127.0.0.1:0", "--db", db}, nil)
	})
}
