package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// TestWebAuthnKeysMigration migrates a database with keys stored before
// users.webauthn_keys existed: each account's count is its keys, and
// accounts without keys count none.
func TestWebAuthnKeysMigration(t *testing.T) {
	ctx := t.Context()
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{NoMigrate: true})
	p, err := s.migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 14); err != nil {
		t.Fatalf("migrate to version 14: %v", err)
	}
	for _, stmt := range []string{
		`INSERT INTO users (id, email, password_hash, created_at) VALUES ('a', 'a@example.com', 'x', 1), ('b', 'b@example.com', 'x', 1)`,
		`INSERT INTO webauthn_credentials (id, user_id, user_handle, credential_id, public_key, name, created_at)
			VALUES ('k1', 'a', x'01', x'01', x'01', 'one', 1), ('k2', 'a', x'01', x'02', x'01', 'two', 1)`,
	} {
		if _, err := s.w.db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.WantKeyCounts(t, s, map[string]int{"a": 2, "b": 0})
}
