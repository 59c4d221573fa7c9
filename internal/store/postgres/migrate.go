package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationLockID is the key of the session-level advisory lock
// (pg_advisory_lock) held while migrating, so that instances starting
// together apply each migration once. It is the same for every schema of
// a database: migrations of different schemas wait for each other.
const MigrationLockID int64 = 0x74776f6661_01 // "twofa", 1

// migrate runs fn, holding the migration lock, with a goose provider for
// the embedded migrations over a database/sql handle on the pool.
//
// The lock is taken here rather than with goose's session locker because
// goose's Up first runs HasPending, which creates goose's version table
// outside the locker (relying on retries when instances race), and because
// its locker polls pg_try_advisory_lock instead of waiting on the lock.
func (s *Store) migrate(ctx context.Context, fn func(p *goose.Provider) error) error {
	dir, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	release, err := s.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer release()

	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close() // leaves the pool open
	p, err := goose.NewProvider(goose.DialectPostgres, db, dir, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	return fn(p)
}

// lockMigrations takes the migration lock on a connection of its own,
// outside the pool, waiting for it as long as ctx allows. release ends that
// connection's session, which releases the lock whatever happened; a
// process that dies while migrating releases it the same way.
func (s *Store) lockMigrations(ctx context.Context) (release func(), err error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig)
	if err != nil {
		return nil, fmt.Errorf("connect for the migration lock: %w", err)
	}
	release = func() { conn.Close(context.WithoutCancel(ctx)) }
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, MigrationLockID); err != nil {
		release()
		return nil, fmt.Errorf("take the migration lock: %w", err)
	}
	return release, nil
}

// Migrate applies every pending migration, holding the migration lock
// (see MigrationLockID) while it does.
func (s *Store) Migrate(ctx context.Context) error {
	err := s.migrate(ctx, func(p *goose.Provider) error {
		_, err := p.Up(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// MigrationsPending reports whether the database lacks migrations that this
// build knows, as it does before Migrate when opened with NoMigrate. Like
// Migrate it waits for a migration in progress; it creates goose's (empty)
// version table if there is none yet.
func (s *Store) MigrationsPending(ctx context.Context) (bool, error) {
	var pending bool
	err := s.migrate(ctx, func(p *goose.Provider) error {
		var err error
		pending, err = p.HasPending(ctx)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("postgres: check migrations: %w", err)
	}
	return pending, nil
}
