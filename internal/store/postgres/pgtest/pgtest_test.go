package pgtest_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// TestSchema checks that the DSN from Schema leads every connection, and a
// store opened on it, into the fresh schema, and that the schema is gone
// after the test.
func TestSchema(t *testing.T) {
	base := pgtest.DSN(t)
	var schema string
	t.Run("use", func(t *testing.T) {
		dsn := pgtest.Schema(t)
		conn, err := pgx.Connect(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if err := conn.QueryRow(t.Context(), `SELECT current_schema()`).Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(schema, pgtest.SchemaPrefix) {
			t.Fatalf("current_schema() = %q, want a fresh %s* schema", schema, pgtest.SchemaPrefix)
		}

		s, err := postgres.Open(t.Context(), dsn, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var n int
		if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM pg_tables
			WHERE schemaname = $1 AND tablename = 'users'`, schema).Scan(&n); err != nil || n != 1 {
			t.Errorf("users tables in %s: %d, %v; want 1", schema, n, err)
		}
	})
	if schema == "" {
		t.FailNow()
	}
	conn, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(t.Context(),
		`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("schema %s still exists after the test", schema)
	}
}

// keywordDSN renders cfg as a keyword=value DSN.
func keywordDSN(cfg *pgx.ConnConfig) string {
	dsn := fmt.Sprintf("host=%s port=%d user=%s dbname=%s", cfg.Host, cfg.Port, cfg.User, cfg.Database)
	if cfg.Password != "" {
		dsn += " password=" + cfg.Password
	}
	if cfg.TLSConfig == nil {
		return dsn + " sslmode=disable"
	}
	return dsn + " sslmode=require"
}

// TestSchemaKeywordDSN checks WithSearchPath on a keyword=value DSN.
func TestSchemaKeywordDSN(t *testing.T) {
	base := pgtest.DSN(t)
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatal(err)
	}
	schema := pgtest.NewSchema(t, base)
	dsn := pgtest.WithSearchPath(keywordDSN(cfg), schema)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatalf("connect with %q: %v", dsn, err)
	}
	defer conn.Close(context.Background())
	var current string
	if err := conn.QueryRow(t.Context(), `SELECT current_schema()`).Scan(&current); err != nil {
		t.Fatal(err)
	}
	if current != schema {
		t.Errorf("current_schema() = %q, want %q", current, schema)
	}
}

func TestWithSearchPath(t *testing.T) {
	for _, c := range []struct{ dsn, schema, want string }{
		{"postgres://u@h:5432/db?sslmode=disable", "s1",
			"postgres://u@h:5432/db?search_path=%22s1%22&sslmode=disable"},
		{"postgresql://u@h/db", "s1", "postgresql://u@h/db?search_path=%22s1%22"},
		{"postgres://u@h/db?search_path=old", "s1", "postgres://u@h/db?search_path=%22s1%22"},
		{"host=h user=u ", "s1", `host=h user=u search_path='"s1"'`},
		{"host=h", `it's`, `host=h search_path='"it\'s"'`},
	} {
		if got := pgtest.WithSearchPath(c.dsn, c.schema); got != c.want {
			t.Errorf("WithSearchPath(%q, %q) = %q, want %q", c.dsn, c.schema, got, c.want)
		}
	}
}

// recorder is a testing.TB that records Skip and Fatal instead of acting
// on them (both end the goroutine, as the real ones do).
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Skip(args ...any) {
	r.skipped = fmt.Sprint(args...)
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any) {
	r.failed = fmt.Sprint(args...)
	runtime.Goexit()
}

// callDSN runs pgtest.DSN on a recorder in a goroutine of its own.
func callDSN(t *testing.T) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pgtest.DSN(r)
	}()
	<-done
	return r
}

// TestDSNUnset checks the rule for a missing database: skip by hand, fail
// under CI.
func TestDSNUnset(t *testing.T) {
	t.Setenv(pgtest.EnvVar, "")
	t.Setenv("CI", "")
	r := callDSN(t)
	if r.failed != "" || !strings.HasPrefix(r.skipped, pgtest.EnvVar+" not set: ") {
		t.Errorf("without %s: skipped %q, failed %q; want a skip naming it", pgtest.EnvVar, r.skipped, r.failed)
	}
	t.Setenv("CI", "true")
	r = callDSN(t)
	if r.skipped != "" || !strings.HasPrefix(r.failed, pgtest.EnvVar+" not set: ") {
		t.Errorf("without %s under CI: skipped %q, failed %q; want a failure naming it", pgtest.EnvVar, r.skipped, r.failed)
	}
}
