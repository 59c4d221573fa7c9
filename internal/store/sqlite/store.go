// Package sqlite implements core.Store on one SQLite database file, using the
// pure-Go driver modernc.org/sqlite.
//
// The database runs in WAL mode with a busy timeout, so several connections,
// and several processes on the same file, can read while one writes. Every
// check-and-consume (a TOTP step, a recovery code, an email code, a login
// challenge, a throttle swap) is a single UPDATE or INSERT whose WHERE clause
// holds the condition, so a code sent many times at once is accepted once.
//
// Times are stored as INTEGER unix microseconds in UTC, 0 for the zero time;
// hashes and sealed secrets as BLOBs; lists of strings (OIDC scopes, URIs,
// AMR) as TEXT, one value per line, so a list value that is empty or holds
// a line break is refused, and an empty list reads back as nil.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/twofa-dev/twofa/internal/core"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// busyTimeoutMillis is how long a statement waits for another writer (in
// this process or another) before it fails with SQLITE_BUSY.
const busyTimeoutMillis = 10000

// Store is a core.Store kept in one SQLite file. It is safe for concurrent
// use, and several Stores (in one process or many) may share one file.
type Store struct {
	db *sql.DB
	// q runs the statements: db, or tx when this Store is the view of one
	// transaction that InTx hands to its function.
	q  querier
	tx *sql.Tx
	// sessionView is SessionViewByHash's statement, prepared on first
	// use; nil on the view of a transaction.
	sessionView *preparedStmt
}

// querier is what a database and a transaction have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var _ core.Store = (*Store)(nil)

// Options tune OpenOptions.
type Options struct {
	// NoMigrate skips applying pending migrations at open; the schema is
	// then expected to be current already (see Migrate).
	NoMigrate bool
}

// Open opens, creating it if needed, the SQLite database file at path and
// applies any pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenOptions(ctx, path, Options{})
}

// maxIdleConns is how many open connections the pool keeps between uses.
const maxIdleConns = 32

// OpenOptions opens, creating it if needed, the SQLite database file at path
// as opts say.
func OpenOptions(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: open: empty database path")
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Each connection opens the file and sets its pragmas: keep enough of
	// them idle that a busy server does not reopen one per request
	// (BENCHMARKS.md measured up to twice the reads with 32 kept).
	db.SetMaxIdleConns(maxIdleConns)
	s := &Store{db: db, q: db, sessionView: &preparedStmt{}}
	// A new file may be being set up by another process right now (switching
	// it to WAL takes an exclusive lock that the busy timeout does not
	// always wait for), so a busy first connection is tried again.
	err = retry(ctx, func() error { return s.Ping(ctx) }, isBusy)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if !opts.NoMigrate {
		if err := s.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// dsn builds the modernc.org/sqlite data source name for the file at path:
// WAL journal, a busy timeout, foreign keys enforced, and write transactions
// that take the write lock at BEGIN (so two of them never deadlock upgrading
// from read to write).
func dsn(path string) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	return "file:" + escaped +
		fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeoutMillis) +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate"
}

// migrations returns a goose provider for the embedded migration files.
func (s *Store) migrations() (*goose.Provider, error) {
	dir, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, s.db, dir, goose.WithDisableGlobalRegistry(true))
}

// Migrate applies every pending migration.
//
// Several processes may migrate one file at once. Each migration runs in
// one transaction, so the loser of a race fails without changing anything
// (its CREATE TABLE finds the winner's table); it then tries again and finds
// nothing left to do.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrations()
	if err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	err = retry(ctx, func() error {
		_, err := p.Up(ctx)
		return err
	}, func(error) bool { return true })
	if err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	return nil
}

// MigrationsPending reports whether the database lacks migrations that this
// build knows, as it does before Migrate when opened with NoMigrate.
func (s *Store) MigrationsPending(ctx context.Context) (bool, error) {
	p, err := s.migrations()
	if err != nil {
		return false, fmt.Errorf("sqlite: check migrations: %w", err)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("sqlite: check migrations: %w", err)
	}
	return pending, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.q.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Stats describes the connection pool, for monitoring.
func (s *Store) Stats() sql.DBStats { return s.db.Stats() }

// Close releases the database.
func (s *Store) Close() error {
	if s.sessionView != nil {
		s.sessionView.close() // db.Close would release it too; this is sooner
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE), committing if fn
// returns nil and rolling back otherwise (also when fn panics). Inside a
// transaction already (a Store handed out by InTx), fn joins it.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	committed = true
	return tx.Commit()
}

// InTx runs fn with a Store whose every method runs in one write
// transaction, committed when fn returns nil and rolled back when it
// returns an error or panics. Called on a Store that InTx handed out, it
// joins that transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx core.Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	var fnErr error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		fnErr = fn(&Store{db: s.db, q: tx, tx: tx})
		return fnErr
	})
	if fnErr != nil {
		return fnErr // fn's own error, as fn returned it
	}
	return wrap("transaction", err)
}

// exec runs one statement and returns how many rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// execOne runs one statement that must change exactly one row; it returns
// core.ErrNotFound when it changed none.
func (s *Store) execOne(ctx context.Context, query string, args ...any) error {
	n, err := s.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return core.ErrNotFound
	}
	return nil
}

// execAny runs one statement and reports whether it changed any row.
func (s *Store) execAny(ctx context.Context, query string, args ...any) (bool, error) {
	n, err := s.exec(ctx, query, args...)
	return n > 0, err
}
