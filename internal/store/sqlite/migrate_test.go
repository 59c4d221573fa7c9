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
	if _, err := s.db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('u', 'u@example.com', 'x', 1)`); err != nil {
		t.Fatal(err)
	}
	hashes := []string{"h1", "h2", "h3"}
	for _, h := range hashes {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
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
