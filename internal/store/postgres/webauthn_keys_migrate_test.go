package postgres

import (
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// TestWebAuthnKeysMigration migrates a schema with keys stored before
// users.webauthn_keys existed: each account's count is its keys, and
// accounts without keys count none.
func TestWebAuthnKeysMigration(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.DSN(t)
	s := openStore(t, dsn, Options{Schema: pgtest.NewSchema(t, dsn), NoMigrate: true})
	if err := s.migrate(ctx, func(p *goose.Provider) error {
		_, err := p.UpTo(ctx, 14)
		return err
	}); err != nil {
		t.Fatalf("migrate to version 14: %v", err)
	}
	now := time.Now().UTC()
	for _, stmt := range []string{
		`INSERT INTO users (id, email, password_hash, created_at) VALUES ('a', 'a@example.com', 'x', $1), ('b', 'b@example.com', 'x', $1)`,
		`INSERT INTO webauthn_credentials (id, user_id, user_handle, credential_id, public_key, name, created_at)
			VALUES ('k1', 'a', '\x01', '\x01', '\x01', 'one', $1), ('k2', 'a', '\x01', '\x02', '\x01', 'two', $1)`,
	} {
		if _, err := s.q.Exec(ctx, stmt, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.WantKeyCounts(t, s, map[string]int{"a": 2, "b": 0})
}
