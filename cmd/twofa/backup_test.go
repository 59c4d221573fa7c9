package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// TestBackupCommand: twofa backup, run beside a serving twofa whose last
// writes are still in the write-ahead log, writes a copy that holds them;
// it refuses to write over a file, and points PostgreSQL to pg_dump.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "twofa.db")
	base, _ := startServe(t, []string{"--addr", "127.0.0.1:0", "--argon2", "m=1024,t=1,p=1"}, map[string]string{"TWOFA_DB": db})
	in := &instance{url: base}
	in.must(t, in.call(t, "POST", "/api/v1/signup", "", map[string]string{"email": "latest@example.com", "password": multiPassword, "name": "L"}), 201, "")
	if st, err := os.Stat(db + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the sign-up is not in the write-ahead log: %v", err)
	}

	out := filepath.Join(dir, "copy.db")
	var stdout, stderr bytes.Buffer
	// The database comes from the environment, as for serve.
	if err := run(context.Background(), []string{"backup", "--out", out}, env(map[string]string{"TWOFA_DB": db}), &stdout, &stderr); err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"copied to " + out, "The key file " + db + ".key is not in the copy"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("backup said %q, want %q", stdout.String(), want)
		}
	}
	st, err := sqlite.OpenOptions(context.Background(), out, sqlite.Options{NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.UserByEmail(context.Background(), "latest@example.com"); err != nil {
		t.Fatalf("the copy lacks the latest sign-up: %v", err)
	}
	// The server still serves.
	in.must(t, in.call(t, "POST", "/api/v1/login", "", map[string]string{"email": "latest@example.com", "password": multiPassword}), 401, "2fa-required")

	before := mustRead(t, out)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--db", db, "--out", out}, "backup: --out " + out + " exists: name a new file (a backup never writes over one)"},
		{[]string{"backup", "--db", db}, "backup: --out FILE is required: the new file to write the copy to"},
		{[]string{"backup", "--db", "postgres://twofa:secret@db.example.com/twofa", "--out", filepath.Join(dir, "pg")}, "backup: --db is a PostgreSQL database: back it up with pg_dump (pg_dump --format=custom --file twofa.dump URL); twofa backup copies SQLite databases"},
		{[]string{"backup", "--db", filepath.Join(dir, "none.db"), "--out", filepath.Join(dir, "none-copy.db")}, "backup: --db " + filepath.Join(dir, "none.db") + ": stat " + filepath.Join(dir, "none.db") + ": no such file or directory"},
	} {
		err := run(context.Background(), tc.args, env(nil), &stdout, &stderr)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	if !bytes.Equal(mustRead(t, out), before) {
		t.Error("a refused backup changed the existing copy")
	}
	for _, name := range []string{"pg", "none.db", "none-copy.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a refused backup created %s", name)
		}
	}
}
