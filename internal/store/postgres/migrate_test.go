package postgres

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// TestSessionIDMigration opens a schema at the version before session ids,
// stores sessions there, migrates, and checks that every session got its
// own public id, unlike its token hash, and can be ended by it.
func TestSessionIDMigration(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.DSN(t)
	s := openStore(t, dsn, Options{Schema: pgtest.NewSchema(t, dsn), NoMigrate: true})
	if err := s.migrate(ctx, func(p *goose.Provider) error {
		_, err := p.UpTo(ctx, 2)
		return err
	}); err != nil {
		t.Fatalf("migrate to version 2: %v", err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.q.Exec(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('u', 'u@example.com', 'x', $1)`, now); err != nil {
		t.Fatal(err)
	}
	hashes := []string{"h1", "h2", "h3"}
	for _, h := range hashes {
		if _, err := s.q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
			VALUES ($1, 'u', $2, $3)`, h, now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := s.UserSessions(ctx, "u", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(hashes) {
		t.Fatalf("%d sessions after the migration, want %d", len(list), len(hashes))
	}
	seen := map[string]bool{}
	for _, sess := range list {
		if !strings.HasPrefix(sess.ID, "s_") || len(sess.ID) < 18 || seen[sess.ID] || strings.Contains(sess.ID, sess.TokenHash) {
			t.Errorf("session %s got id %q after the migration", sess.TokenHash, sess.ID)
		}
		seen[sess.ID] = true
	}
	if err := s.DeleteUserSession(ctx, "u", list[0].ID); err != nil {
		t.Fatalf("end a migrated session by its id: %v", err)
	}
	if _, err := s.SessionByHash(ctx, list[0].TokenHash, now); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("ended migrated session: %v, want not found", err)
	}
}

// TestOIDCMigration migrates a schema with a session to the OIDC schema
// (the session reads back with no login factor), stores OIDC rows, takes
// the migration down again, leaving the session, and back up; then takes
// every migration down and up again.
func TestOIDCMigration(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	s := openStore(t, dsn, Options{Schema: schema, NoMigrate: true})
	migrate := func(what string, fn func(p *goose.Provider) error) {
		t.Helper()
		if err := s.migrate(ctx, fn); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	upTo := func(v int64) func(p *goose.Provider) error {
		return func(p *goose.Provider) error { _, err := p.UpTo(ctx, v); return err }
	}
	downTo := func(v int64) func(p *goose.Provider) error {
		return func(p *goose.Provider) error { _, err := p.DownTo(ctx, v); return err }
	}
	migrate("migrate to version 5", upTo(5))
	now := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.q.Exec(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('u', 'u@example.com', 'x', $1)`, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.q.Exec(ctx, `INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at)
		VALUES ('s_1', 'h1', 'u', $1, $2)`, now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	migrate("migrate to version 6", upTo(6))
	sess, err := s.SessionByHash(ctx, "h1", now)
	if err != nil || sess.LoginFactor != "" {
		t.Fatalf("session after the migration = %+v, %v; want it with no login factor", sess, err)
	}
	if err := s.CreateOIDCClient(ctx, &core.OIDCClient{ID: "c", Name: "App", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	migrate("migrate down to version 5", downTo(5))
	var n int
	if err := s.q.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname LIKE 'oidc%'`, schema).Scan(&n); err != nil || n != 0 {
		t.Errorf("OIDC tables and indexes after migrating down: %d, %v; want none", n, err)
	}
	if err := s.q.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns
		WHERE table_schema = $1 AND table_name = 'sessions' AND column_name = 'login_factor'`, schema).Scan(&n); err != nil || n != 0 {
		t.Errorf("sessions.login_factor after migrating down: %d, %v; want none", n, err)
	}
	if err := s.q.QueryRow(ctx, `SELECT count(*) FROM sessions`).Scan(&n); err != nil || n != 1 {
		t.Errorf("sessions after migrating down: %d, %v; want 1", n, err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate up again: %v", err)
	}
	if _, err := s.OIDCClient(ctx, "c"); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("client after migrating down and up: %v, want not found", err)
	}
	migrate("migrate every migration down", downTo(0))
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate up from nothing: %v", err)
	}
}
