// Package postgres implements core.Store on a PostgreSQL database, using
// github.com/jackc/pgx/v5 and its connection pool.
//
// Many stateless twofa instances may share one database. Every
// check-and-consume (a TOTP step, a recovery code, an email code, a login
// challenge, a throttle swap) is a single UPDATE or INSERT whose WHERE clause
// (or ON CONFLICT) holds the condition, so a code sent many times at once, to
// one instance or several, is accepted once; changes to several rows run in
// one transaction. Migrations are embedded and applied with goose under a
// PostgreSQL advisory lock, so instances starting together migrate once.
//
// Instants are stored as timestamptz and handed back in UTC; an optional
// instant that is unset (the zero time.Time) is NULL. Hashes and sealed
// secrets are bytea; lists of strings (OIDC scopes, URIs, AMR) are text[],
// never NULL, and an empty list reads back as nil. Text PostgreSQL cannot
// hold (a NUL, bytes that are not UTF-8) is refused on writes and finds
// nothing on lookups by id.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/twofa-dev/twofa/internal/core"
)

// Defaults for the zero values of Options.
const (
	DefaultMaxConns        int32 = 10
	DefaultMaxConnLifetime       = time.Hour
	DefaultMaxConnIdleTime       = 30 * time.Minute
	DefaultConnectTimeout        = 5 * time.Second
)

// Options tune Open. Zero values mean the defaults above (and MinConns 0).
// They override the pool_* and connect_timeout settings of the DSN.
type Options struct {
	// NoMigrate skips applying pending migrations at open; the schema is
	// then expected to be current already (see Migrate).
	NoMigrate bool
	// MaxConns caps the pool's connections (default 10).
	MaxConns int32
	// MinConns is how many idle connections the pool keeps open (default 0).
	MinConns int32
	// MaxConnLifetime is how long a connection lives before it is replaced
	// (default 1h).
	MaxConnLifetime time.Duration
	// MaxConnIdleTime is how long an idle connection is kept (default 30m).
	MaxConnIdleTime time.Duration
	// ConnectTimeout bounds each connection attempt, and the check at open
	// that the database answers (default 5s).
	ConnectTimeout time.Duration
	// Schema, when set, becomes the search_path of every connection: the
	// tables (and goose's version table) live in that schema, which must
	// exist. Empty keeps the DSN's search_path.
	Schema string
	// Tracer, when set, is told of every statement the pool's connections
	// run (pgx's QueryTracer): for tracing, or for tests that count them.
	Tracer pgx.QueryTracer
}

// Store is a core.Store kept in a PostgreSQL database. It is safe for
// concurrent use, and several Stores (in one process or many) may share one
// database.
type Store struct {
	pool *pgxpool.Pool
	// q runs the statements: pool, or tx when this Store is the view of one
	// transaction that InTx hands to its function.
	q  querier
	tx pgx.Tx
}

var _ core.Store = (*Store)(nil)

// Open connects to the database at dsn (a postgres:// URL or a keyword=value
// string), checks within opts.ConnectTimeout that it answers, and applies
// any pending migrations unless opts.NoMigrate. When the database cannot be
// reached the error is one line naming the address, such as
// "postgres: cannot reach 127.0.0.1:5432: dial tcp ...: connection refused".
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	cfg, err := poolConfig(dsn, opts)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	s := &Store{pool: pool, q: pool}

	pingCtx, cancel := context.WithTimeout(ctx, cfg.ConnConfig.ConnectTimeout)
	err = pool.Ping(pingCtx)
	cancel()
	if err != nil {
		pool.Close()
		return nil, connectError(cfg.ConnConfig, err, ctx.Err() == nil)
	}
	if opts.Schema != "" {
		if err := s.checkSchema(ctx, opts.Schema); err != nil {
			pool.Close()
			return nil, err
		}
	}
	if !opts.NoMigrate {
		if err := s.Migrate(ctx); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return s, nil
}

// poolConfig parses dsn and applies opts, with defaults for zero values.
func poolConfig(dsn string, opts Options) (*pgxpool.Config, error) {
	if dsn == "" {
		return nil, errors.New("postgres: open: empty DSN")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgconn's message redacts any password in the DSN.
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	cfg.MaxConns = orDefault(opts.MaxConns, DefaultMaxConns)
	cfg.MinConns = opts.MinConns
	if cfg.MinConns > cfg.MaxConns {
		return nil, fmt.Errorf("postgres: open: MinConns %d exceeds MaxConns %d", cfg.MinConns, cfg.MaxConns)
	}
	cfg.MaxConnLifetime = orDefault(opts.MaxConnLifetime, DefaultMaxConnLifetime)
	cfg.MaxConnIdleTime = orDefault(opts.MaxConnIdleTime, DefaultMaxConnIdleTime)
	cfg.ConnConfig.ConnectTimeout = orDefault(opts.ConnectTimeout, DefaultConnectTimeout)
	if opts.Tracer != nil {
		cfg.ConnConfig.Tracer = opts.Tracer
	}
	if opts.Schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	}
	return cfg, nil
}

// orDefault returns v, or def when v is zero or negative.
func orDefault[T int32 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// checkSchema fails with a clear error when the schema named by
// Options.Schema does not exist (PostgreSQL would ignore it in search_path
// and fail later with "no schema has been selected to create in").
func (s *Store) checkSchema(ctx context.Context, schema string) error {
	var exists bool
	err := s.q.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists)
	if err != nil {
		return fmt.Errorf("postgres: open: check schema %q: %w", schema, err)
	}
	if !exists {
		return fmt.Errorf("postgres: open: schema %q does not exist (CREATE SCHEMA %s)",
			schema, pgx.Identifier{schema}.Sanitize())
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Stat describes the connection pool, for monitoring.
func (s *Store) Stat() *pgxpool.Stat { return s.pool.Stat() }

// Close releases the pool's connections, waiting for those in use to come
// back. It always returns nil.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// querier is what the pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// inTx runs fn in a transaction, committing if fn returns nil and rolling
// back otherwise (also when fn panics). Inside a transaction already (a
// Store handed out by InTx), fn joins it.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// InTx runs fn with a Store whose every method runs in one transaction,
// committed when fn returns nil and rolled back when it returns an error or
// panics. Called on a Store that InTx handed out, it joins that
// transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx core.Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	var fnErr error
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		fnErr = fn(&Store{pool: s.pool, q: tx, tx: tx})
		return fnErr
	})
	if fnErr != nil {
		return fnErr // fn's own error, as fn returned it
	}
	return wrap("transaction", err)
}

// exec runs one statement and returns how many rows it changed.
func exec(ctx context.Context, q querier, sql string, args ...any) (int64, error) {
	tag, err := q.Exec(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// execOne runs one statement that must change a row; it returns
// core.ErrNotFound when it changed none.
func (s *Store) execOne(ctx context.Context, sql string, args ...any) error {
	n, err := exec(ctx, s.q, sql, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return core.ErrNotFound
	}
	return nil
}

// execAny runs one statement and reports whether it changed any row.
func (s *Store) execAny(ctx context.Context, sql string, args ...any) (bool, error) {
	n, err := exec(ctx, s.q, sql, args...)
	return n > 0, err
}
