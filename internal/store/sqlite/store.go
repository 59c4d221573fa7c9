// Package sqlite implements core.Store on one SQLite database file, using the
// pure-Go driver modernc.org/sqlite.
//
// The database runs in WAL mode with a busy timeout, so several connections,
// and several processes on the same file, can read while one writes.
//
// Every write of a Store goes through its one writer goroutine (see
// writer.go), which groups the writes waiting for it into one transaction:
// each write (a method, or an InTx function) runs in a savepoint of its own,
// so a failing one rolls back alone, and all of them share one COMMIT. With
// synchronous=FULL that commit returns once the WAL is synced to disk, and
// no write is reported done before its commit returned, so a power cut
// loses no acknowledged write while concurrent writers share one fsync.
// Reads use a pool of connections that refuse to write (query_only).
//
// Every
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
	// db is the pool of read connections of a root Store; a view's db is
	// the writer's.
	db *sql.DB
	// w is the writer, shared by the root Store and its views.
	w *writer
	// q runs the statements: db, or the batch transaction when this Store
	// is the view of one unit of work (what InTx hands to its function).
	q  querier
	tx *sql.Tx
	// reads are the root Store's statements, prepared on the read pool;
	// nil on the view of a transaction.
	reads *statements
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
	wdb, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// The writer uses one connection at a time; keep it open.
	wdb.SetMaxIdleConns(1)
	db, err := sql.Open("sqlite", dsn(path)+"&_pragma=query_only(1)")
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Each connection opens the file and sets its pragmas: keep enough of
	// them idle that a busy server does not reopen one per request
	// (BENCHMARKS.md measured up to twice the reads with 32 kept).
	db.SetMaxIdleConns(maxIdleConns)
	reads := newStatements(db)
	s := &Store{db: db, q: pooled{reads}, reads: reads}
	closeAll := func() {
		db.Close()
		wdb.Close()
	}
	// A new file may be being set up by another process right now (switching
	// it to WAL takes an exclusive lock that the busy timeout does not
	// always wait for), so a busy first connection is tried again.
	ping := func(db *sql.DB) error {
		return retry(ctx, func() error { return db.PingContext(ctx) }, isBusy)
	}
	if err := ping(wdb); err != nil {
		closeAll()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := ping(db); err != nil {
		closeAll()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.w = newWriter(wdb)
	if !opts.NoMigrate {
		if err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// dsn builds the modernc.org/sqlite data source name for the file at path:
// WAL journal synced at every commit (synchronous=FULL, so a commit that
// returned survives a power cut), a busy timeout, foreign keys enforced, and
// write transactions that take the write lock at BEGIN (so two of them
// never deadlock upgrading from read to write).
func dsn(path string) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	return "file:" + escaped +
		fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeoutMillis) +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate"
}

// migrations returns a goose provider for the embedded migration files.
func (s *Store) migrations() (*goose.Provider, error) {
	dir, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	// The writer's connections: the read pool refuses to write.
	return goose.NewProvider(goose.DialectSQLite3, s.w.db, dir, goose.WithDisableGlobalRegistry(true))
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

// Stats describes the pool of read connections, for monitoring.
func (s *Store) Stats() sql.DBStats { return s.db.Stats() }

// Close stops the writer, once it has run the writes already queued, and
// releases the database. Writes after Close fail.
func (s *Store) Close() error {
	if s.tx != nil {
		return errors.New("sqlite: close: called on the Store of a transaction")
	}
	s.w.close()
	err := errors.Join(s.reads.close(), s.w.stmts.close(), s.db.Close(), s.w.db.Close())
	if err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// write runs fn as one unit of work: on a root Store it goes to the writer,
// which runs it in a savepoint of a batch transaction and returns once that
// transaction is committed (or failed); inside a unit already (a view),
// fn joins it. fn gets the view of the transaction and must write through
// it. A panic in fn reaches the caller, after its writes were rolled back.
func (s *Store) write(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return s.w.do(ctx, fn, false)
}

// InTx runs fn with a Store whose every method runs in one write
// transaction (one unit of work of the writer, in a savepoint of its
// own), committed when fn returns nil and rolled back when it returns an
// error or panics. Called on a Store that InTx handed out, it joins that
// transaction; so does a write of fn through the root Store with the same
// context, which would otherwise wait for itself.
func (s *Store) InTx(ctx context.Context, fn func(tx core.Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	var fnErr error
	err := s.w.do(ctx, func(tx *Store) error {
		fnErr = fn(tx)
		return fnErr
	}, true)
	if fnErr != nil {
		return fnErr // fn's own error, as fn returned it
	}
	return wrap("transaction", err)
}

// exec runs one writing statement, through the writer, and returns how
// many rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// execOne runs one writing statement that must change exactly one row; it
// returns core.ErrNotFound when it changed none.
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

// execAny runs one writing statement and reports whether it changed any
// row.
func (s *Store) execAny(ctx context.Context, query string, args ...any) (bool, error) {
	n, err := s.exec(ctx, query, args...)
	return n > 0, err
}
