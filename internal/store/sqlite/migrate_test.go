package sqlite

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestSessionIDMigration opens a database at the schema before session ids,
// stores sessions there, migrates, and checks that every session got its
// own public id, unlike its token hash, and still authenticates.
func TestSessionIDMigration(t *testing.T) {
	ctx := t.Context()
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{NoMigrate: true})
	p, err := s.migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 2); err != nil {
		t.Fatalf("migrate to version 2: %v", err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.w.db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('u', 'u@example.com', 'x', 1)`); err != nil {
		t.Fatal(err)
	}
	hashes := []string{"h1", "h2", "h3"}
	for _, h := range hashes {
		if _, err := s.w.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
			VALUES (?, 'u', ?, ?)`, h, micros(now), micros(now.Add(time.Hour))); err != nil {
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
	seen := map[string]bool{}
	for _, sess := range list {
		if !strings.HasPrefix(sess.ID, "s_") || len(sess.ID) < 18 || seen[sess.ID] || strings.Contains(sess.ID, sess.TokenHash) {
			t.Errorf("session %s got id %q after the migration", sess.TokenHash, sess.ID)
		}
		seen[sess.ID] = true
	}
	if len(list) != len(hashes) {
		t.Fatalf("%d sessions after the migration, want %d", len(list), len(hashes))
	}
	if err := s.DeleteUserSession(ctx, "u", list[0].ID); err != nil {
		t.Fatalf("end a migrated session by its id: %v", err)
	}
	if _, err := s.SessionByHash(ctx, list[0].TokenHash, now); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("ended migrated session: %v, want not found", err)
	}
}

// TestOIDCMigration migrates a database with a session to the OIDC schema
// (the session reads back with no login factor), stores OIDC rows, takes
// the migration down again, leaving the session, and back up; then takes
// every migration down and up again.
func TestOIDCMigration(t *testing.T) {
	ctx := t.Context()
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{NoMigrate: true})
	p, err := s.migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 5); err != nil {
		t.Fatalf("migrate to version 5: %v", err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.w.db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('u', 'u@example.com', 'x', 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.db.ExecContext(ctx, `INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at)
		VALUES ('s_1', 'h1', 'u', ?, ?)`, micros(now), micros(now.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 6); err != nil {
		t.Fatalf("migrate to version 6: %v", err)
	}
	sess, err := s.SessionByHash(ctx, "h1", now)
	if err != nil || sess.LoginFactor != "" {
		t.Fatalf("session after the migration = %+v, %v; want it with no login factor", sess, err)
	}
	if err := s.CreateOIDCClient(ctx, &core.OIDCClient{ID: "c", Name: "App", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 5); err != nil {
		t.Fatalf("migrate down to version 5: %v", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name LIKE 'oidc%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("OIDC tables and indexes after migrating down: %d, %v; want none", n, err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('sessions') WHERE name = 'login_factor'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("sessions.login_factor after migrating down: %d, %v; want none", n, err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&n); err != nil || n != 1 {
		t.Errorf("sessions after migrating down: %d, %v; want 1", n, err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate up again: %v", err)
	}
	if _, err := s.OIDCClient(ctx, "c"); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("client after migrating down and up: %v, want not found", err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("migrate every migration down: %v", err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate up from nothing: %v", err)
	}
}
