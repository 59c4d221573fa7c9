// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the database named by the TWOFA_TEST_POSTGRES environment
// variable, dropped when the test ends.
//
// When the variable is unset the test is skipped with a message saying so,
// except under CI (CI=true), where it fails: CI must not pass by skipping.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the environment variable holding the DSN of a database
// tests may create schemas in, such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const EnvVar = "TWOFA_TEST_POSTGRES"

// SchemaPrefix starts the name of every schema this package creates.
const SchemaPrefix = "twofa_test_"

// cleanupTimeout bounds dropping a schema at the end of a test.
const cleanupTimeout = 30 * time.Second

// DSN returns the DSN in EnvVar. When it is unset it skips the test, or
// fails it if CI=true.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvVar)
	if dsn == "" {
		msg := EnvVar + " not set: no PostgreSQL to test against " +
			"(e.g. " + EnvVar + "='postgres://postgres@127.0.0.1:5432/test?sslmode=disable')"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dsn
}

// NewSchema creates a schema with a random name (SchemaPrefix and 16 hex
// digits) in the database at dsn, drops it with everything in it when the
// test and its cleanups registered later have finished, and returns its
// name.
func NewSchema(t testing.TB, dsn string) string {
	t.Helper()
	var b [8]byte
	rand.Read(b[:])
	name := SchemaPrefix + hex.EncodeToString(b[:])
	ident := pgx.Identifier{name}.Sanitize()

	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if err := run(ctx, dsn, "CREATE SCHEMA "+ident); err != nil {
		t.Fatalf("pgtest: create schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := run(ctx, dsn, "DROP SCHEMA IF EXISTS "+ident+" CASCADE"); err != nil {
			t.Errorf("pgtest: drop schema %s: %v", name, err)
		}
	})
	return name
}

// Schema returns a DSN for the database in EnvVar whose search_path is a
// fresh schema (see NewSchema), so that whatever opens it, in this process
// or another, creates and finds its tables there. Without EnvVar it skips
// the test, or fails it if CI=true.
func Schema(t testing.TB) (dsn string) {
	t.Helper()
	base := DSN(t)
	return WithSearchPath(base, NewSchema(t, base))
}

// WithSearchPath returns dsn with search_path set to schema (quoted as an
// identifier), as a run-time parameter that pgx sends at connection start
// and the server applies to the whole session. dsn may be a postgres:// URL
// or a keyword=value string.
func WithSearchPath(dsn, schema string) string {
	value := pgx.Identifier{schema}.Sanitize()
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(value)
	return strings.TrimSpace(dsn) + " search_path='" + quoted + "'"
}

// run executes one statement on a connection of its own.
func run(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}
