package storetest

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// Migrator is a store that applies its own schema migrations.
type Migrator interface {
	core.Store
	MigrationsPending(ctx context.Context) (bool, error)
	Migrate(ctx context.Context) error
}

// NoMigrate checks a store opened without migrations on an empty database:
// migrations are pending and writes fail until Migrate, which may run
// twice, and then none are pending and writes work.
func NoMigrate(t *testing.T, s Migrator) {
	t.Helper()
	ctx := t.Context()
	pending, err := s.MigrationsPending(ctx)
	if err != nil || !pending {
		t.Fatalf("MigrationsPending on an empty database = %v, %v; want true", pending, err)
	}
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: at(0)}
	if err := s.CreateUser(ctx, u); err == nil {
		t.Fatal("CreateUser worked without migrations")
	}
	for range 2 {
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	pending, err = s.MigrationsPending(ctx)
	if err != nil || pending {
		t.Fatalf("MigrationsPending after Migrate = %v, %v; want false", pending, err)
	}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser after Migrate: %v", err)
	}
}
