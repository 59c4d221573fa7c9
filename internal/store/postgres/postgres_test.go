package postgres

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// The tests run against the database in $TWOFA_TEST_POSTGRES, each in a
// schema of its own; without it they skip (or fail under CI=true).

// openStore opens a store as opts say and closes it when the test ends.
func openStore(t *testing.T, dsn string, opts Options) *Store {
	t.Helper()
	s, err := Open(t.Context(), dsn, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// freshStore opens a migrated store on a new, empty schema.
func freshStore(t *testing.T) *Store {
	t.Helper()
	dsn := pgtest.DSN(t)
	return openStore(t, dsn, Options{Schema: pgtest.NewSchema(t, dsn)})
}

func TestStore(t *testing.T) {
	pgtest.DSN(t) // skip the whole suite at once when there is no database
	storetest.Run(t, func(t *testing.T) core.Store { return freshStore(t) })
}

var when = time.Date(2026, time.March, 14, 15, 0, 0, 0, time.UTC)

// migrationVersions lists the versions of the embedded migrations.
func migrationVersions(t *testing.T) map[int64]bool {
	t.Helper()
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("embedded migrations: %v, %v", names, err)
	}
	versions := map[int64]bool{}
	for _, name := range names {
		// Versions are the leading number of the file name; branches are
		// given numbers that need not be consecutive.
		num, _, _ := strings.Cut(path.Base(name), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			t.Fatalf("migration %s: no version number: %v", name, err)
		}
		versions[v] = true
	}
	return versions
}

// appliedVersions returns how many times goose recorded each version as
// applied in schema.
func appliedVersions(t *testing.T, s *Store) map[int64]int {
	t.Helper()
	rows, err := s.q.Query(t.Context(),
		`SELECT version_id FROM goose_db_version WHERE is_applied AND version_id > 0`)
	if err != nil {
		t.Fatalf("read goose_db_version: %v", err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatalf("read goose_db_version: %v", err)
	}
	count := map[int64]int{}
	for _, v := range versions {
		count[v]++
	}
	return count
}

// TestConcurrentMigrate starts four stores on one fresh schema at the same
// moment, as four instances starting together would: all must open, and
// each migration must be applied exactly once.
func TestConcurrentMigrate(t *testing.T) {
	dsn := pgtest.DSN(t)
	want := migrationVersions(t)
	for round := range 3 {
		schema := pgtest.NewSchema(t, dsn)
		stores := make([]*Store, 4)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range stores {
			wg.Go(func() {
				<-start
				s, err := Open(t.Context(), dsn, Options{Schema: schema})
				if err != nil {
					t.Errorf("round %d: Open %d: %v", round, i, err)
					return
				}
				stores[i] = s
			})
		}
		close(start)
		wg.Wait()
		for _, s := range stores {
			if s != nil {
				t.Cleanup(func() { s.Close() })
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		got := appliedVersions(t, stores[0])
		for v := range want {
			if got[v] != 1 {
				t.Errorf("round %d: migration %d applied %d times, want once", round, v, got[v])
			}
		}
		for v, n := range got {
			if !want[v] {
				t.Errorf("round %d: unknown migration %d applied %d times", round, v, n)
			}
		}
	}
}

// TestMigrationWaitsForLock holds the migration lock as another instance
// migrating would, and checks that Open waits for it instead of migrating.
func TestMigrationWaitsForLock(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), `SELECT pg_advisory_lock($1)`, MigrationLockID); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	if s, err := Open(ctx, dsn, Options{Schema: schema}); err == nil {
		s.Close()
		t.Fatal("Open migrated while another session held the migration lock")
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open while the lock is held: %v, want it to wait until the deadline", err)
	}
	var tables int
	if err := conn.QueryRow(t.Context(),
		`SELECT count(*) FROM pg_tables WHERE schemaname = $1`, schema).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("%d tables created without the migration lock", tables)
	}

	if _, err := conn.Exec(t.Context(), `SELECT pg_advisory_unlock($1)`, MigrationLockID); err != nil {
		t.Fatal(err)
	}
	openStore(t, dsn, Options{Schema: schema})
}

// TestOpenUnreachable checks that Open gives up on a database that cannot
// be reached on its own, well before the caller's deadline, with one line
// that names the address.
func TestOpenUnreachable(t *testing.T) {
	// A listener that accepts connections and never answers.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	silentAddr := silent.Addr().String()

	for _, c := range []struct {
		name, dsn, addr, cause string
		timeout                time.Duration
	}{
		{"refused", "postgres://postgres@127.0.0.1:1/test?sslmode=disable", "127.0.0.1:1", "connection refused", 0},
		{"refused, TLS preferred", "postgres://postgres@127.0.0.1:1/test", "127.0.0.1:1", "connection refused", 0},
		{"refused, two addresses", "postgres://postgres@localhost:1/test?sslmode=disable", "localhost:1", "connection refused", 0},
		{"refused, keyword form", "host=127.0.0.1 port=1 user=postgres dbname=test sslmode=disable", "127.0.0.1:1", "connection refused", 0},
		{"silent", "postgres://postgres@" + silentAddr + "/test?sslmode=disable", silentAddr, "no answer within 300ms", 300 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The deadline only keeps a broken Open from hanging the test;
			// Open must fail by itself long before it.
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			start := time.Now()
			s, err := Open(ctx, c.dsn, Options{ConnectTimeout: c.timeout})
			if err == nil {
				s.Close()
				t.Fatal("Open worked")
			}
			t.Logf("failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
			if ctx.Err() != nil {
				t.Fatalf("Open failed only at the caller's deadline: %v", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error has several lines: %q", msg)
			}
			if want := "postgres: cannot reach " + c.addr + ": "; !strings.HasPrefix(msg, want) {
				t.Errorf("error %q does not start with %q", msg, want)
			}
			if !strings.Contains(msg, c.cause) {
				t.Errorf("error %q does not give the cause %q", msg, c.cause)
			}
		})
	}
}

// TestOpenRefused checks the one-line error when a server answers but
// refuses the connection.
func TestOpenRefused(t *testing.T) {
	dsn := pgtest.DSN(t)
	if u, err := url.Parse(dsn); err == nil && strings.HasPrefix(u.Scheme, "postgres") {
		u.Path = "/twofa_no_such_database"
		dsn = u.String()
	} else {
		dsn += " dbname=twofa_no_such_database"
	}
	_, err := Open(t.Context(), dsn, Options{})
	if err == nil {
		t.Fatal("Open of a missing database worked")
	}
	t.Log(err)
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "postgres: cannot connect to ") ||
		!strings.Contains(msg, "twofa_no_such_database") {
		t.Errorf("error %q: want one line naming the address and the database", msg)
	}
}

func TestOpenMissingSchema(t *testing.T) {
	_, err := Open(t.Context(), pgtest.DSN(t), Options{Schema: "twofa_test_missing"})
	if err == nil || !strings.Contains(err.Error(), `schema "twofa_test_missing" does not exist`) {
		t.Errorf("Open with a missing schema: %v", err)
	}
}

func TestOpenBadDSN(t *testing.T) {
	for _, dsn := range []string{"", "postgres://user:secret@127.0.0.1:5432/db?pool_max_conns=x"} {
		_, err := Open(t.Context(), dsn, Options{})
		if err == nil {
			t.Errorf("Open(%q) worked", dsn)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error shows the password: %v", dsn, err)
		}
	}
}

func TestPoolConfig(t *testing.T) {
	const dsn = "postgres://u@db.example:5433/twofa?search_path=elsewhere"
	cfg, err := poolConfig(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxConns != 10 || cfg.MinConns != 0 || cfg.MaxConnLifetime != time.Hour ||
		cfg.MaxConnIdleTime != 30*time.Minute || cfg.ConnConfig.ConnectTimeout != 5*time.Second {
		t.Errorf("defaults: max %d min %d lifetime %v idle %v connect %v", cfg.MaxConns, cfg.MinConns,
			cfg.MaxConnLifetime, cfg.MaxConnIdleTime, cfg.ConnConfig.ConnectTimeout)
	}
	if got := cfg.ConnConfig.RuntimeParams["search_path"]; got != "elsewhere" {
		t.Errorf("search_path from the DSN = %q", got)
	}

	cfg, err = poolConfig(dsn, Options{MaxConns: 3, MinConns: 1, MaxConnLifetime: time.Minute,
		MaxConnIdleTime: time.Second, ConnectTimeout: time.Millisecond, Schema: `Odd"Name`})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxConns != 3 || cfg.MinConns != 1 || cfg.MaxConnLifetime != time.Minute ||
		cfg.MaxConnIdleTime != time.Second || cfg.ConnConfig.ConnectTimeout != time.Millisecond {
		t.Errorf("options not applied: max %d min %d lifetime %v idle %v connect %v", cfg.MaxConns,
			cfg.MinConns, cfg.MaxConnLifetime, cfg.MaxConnIdleTime, cfg.ConnConfig.ConnectTimeout)
	}
	if got := cfg.ConnConfig.RuntimeParams["search_path"]; got != `"Odd""Name"` {
		t.Errorf("search_path from Options.Schema = %q", got)
	}

	if _, err := poolConfig(dsn, Options{MaxConns: 2, MinConns: 3}); err == nil {
		t.Error("MinConns above MaxConns accepted")
	}
}

// TestSchemaIsolation checks that Options.Schema puts the tables, and
// goose's version table, in that schema and nowhere else.
func TestSchemaIsolation(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	s := openStore(t, dsn, Options{Schema: schema})
	var current string
	if err := s.q.QueryRow(t.Context(), `SELECT current_schema()`).Scan(&current); err != nil {
		t.Fatal(err)
	}
	if current != schema {
		t.Errorf("current_schema() = %q, want %q", current, schema)
	}
	for _, table := range []string{"users", "goose_db_version"} {
		var where string
		err := s.q.QueryRow(t.Context(),
			`SELECT schemaname FROM pg_tables WHERE tablename = $1 AND schemaname = $2`,
			table, schema).Scan(&where)
		if err != nil {
			t.Errorf("table %s not in schema %s: %v", table, schema, err)
		}
	}
}

// TestTwoStoresOneSchema opens the schema twice, as two instances would,
// and checks that each sees the other's writes and that a TOTP step raced
// across both is accepted once.
func TestTwoStoresOneSchema(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	a := openStore(t, dsn, Options{Schema: schema})
	b := openStore(t, dsn, Options{Schema: schema})

	storetest.TwoStores(t, a, b)
}

// TestConcurrentReplaceRecoveryCodes replaces one user's codes from many
// goroutines at once: one set must win whole, not a mix of several.
func TestConcurrentReplaceRecoveryCodes(t *testing.T) {
	ctx := t.Context()
	s := freshStore(t)
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: when}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	storetest.Race(t, 20, func(i int) (bool, error) {
		codes := [][]byte{{byte(i), 1}, {byte(i), 2}, {byte(i), 3}}
		return true, s.ReplaceRecoveryCodes(ctx, "u", codes, when)
	})
	n, err := s.RecoveryCodesLeft(ctx, "u")
	if err != nil || n != 3 {
		t.Errorf("RecoveryCodesLeft after racing replacements = %d, %v; want 3", n, err)
	}
}

// TestConcurrentCreateEmailCode creates codes for one user and purpose from
// many goroutines at once: all succeed and one code is left.
func TestConcurrentCreateEmailCode(t *testing.T) {
	ctx := t.Context()
	s := freshStore(t)
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: when}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	storetest.Race(t, 20, func(i int) (bool, error) {
		return true, s.CreateEmailCode(ctx, &core.EmailCode{
			ID: "e" + string(rune('a'+i)), UserID: "u", Purpose: "login:c1",
			CodeHash: []byte{byte(i)}, CreatedAt: when, ExpiresAt: when.Add(time.Minute),
		})
	})
	var n int
	if err := s.q.QueryRow(ctx, `SELECT count(*) FROM email_codes`).Scan(&n); err != nil || n != 1 {
		t.Errorf("email codes after racing creations = %d, %v; want 1", n, err)
	}
}

func TestNoMigrate(t *testing.T) {
	dsn := pgtest.DSN(t)
	s := openStore(t, dsn, Options{Schema: pgtest.NewSchema(t, dsn), NoMigrate: true})
	storetest.NoMigrate(t, s)
}

// TestStoredForms checks how values land in the database: instants in UTC,
// unset optional instants and empty secrets as NULL.
func TestStoredForms(t *testing.T) {
	ctx := t.Context()
	s := freshStore(t)
	paris := time.FixedZone("CET", 3600)
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: when.In(paris),
		TOTPPending: []byte{}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	var changedNull, secretNull, pendingNull bool
	err := s.q.QueryRow(ctx, `SELECT password_changed_at IS NULL, totp_secret IS NULL,
		totp_pending IS NULL FROM users WHERE id = 'u'`).Scan(&changedNull, &secretNull, &pendingNull)
	if err != nil {
		t.Fatal(err)
	}
	if !changedNull || !secretNull || !pendingNull {
		t.Errorf("NULLs: password_changed_at %v, totp_secret %v, totp_pending %v; want all true",
			changedNull, secretNull, pendingNull)
	}
	got, err := s.UserByID(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	if got.CreatedAt.Location() != time.UTC || !got.CreatedAt.Equal(when) {
		t.Errorf("CreatedAt = %v, want %v in UTC", got.CreatedAt, when)
	}
	if !got.PasswordChangedAt.IsZero() {
		t.Errorf("PasswordChangedAt = %v, want the zero time", got.PasswordChangedAt)
	}
}

// TestOIDCUserCascade deletes an account straight from the table, as an
// administrator would, and checks that its OIDC rows go with it.
func TestOIDCUserCascade(t *testing.T) {
	s := freshStore(t)
	storetest.OIDCUserCascade(t, s, func(id string) error {
		_, err := s.q.Exec(t.Context(), `DELETE FROM users WHERE id = $1`, id)
		return err
	})
}
