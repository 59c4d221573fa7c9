package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxStatements bounds how many distinct statements a pool keeps prepared;
// beyond it a statement runs unprepared. twofa's queries are constant
// strings, well under the bound.
const maxStatements = 256

// statements keeps each statement run on one pool prepared, by its text.
// The SQLite driver compiles a statement anew each time it runs one that
// is not prepared, which cost a third of a signed-in read's CPU; a
// prepared one is compiled once per connection (database/sql prepares it
// again on each connection that runs it) and reused.
type statements struct {
	db   *sql.DB
	mu   sync.RWMutex
	byQ  map[string]*sql.Stmt
	done bool
}

func newStatements(db *sql.DB) *statements {
	return &statements{db: db, byQ: make(map[string]*sql.Stmt)}
}

// get returns query prepared, preparing it on first use, or nil when it
// cannot be kept (the bound is reached, the pool is closed, or preparing
// failed): the caller then runs it unprepared, which reports any error in
// the statement itself.
func (c *statements) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	stmt, done := c.byQ[query], c.done
	c.mu.RUnlock()
	if stmt != nil || done {
		return stmt
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if stmt := c.byQ[query]; stmt != nil || c.done || len(c.byQ) >= maxStatements {
		return stmt
	}
	stmt, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.byQ[query] = stmt
	return stmt
}

// close releases every statement; later calls of get return nil.
func (c *statements) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = true
	var errs []error
	for q, stmt := range c.byQ {
		errs = append(errs, stmt.Close())
		delete(c.byQ, q)
	}
	return errors.Join(errs...)
}

// pooled runs statements on a pool, prepared.
type pooled struct{ c *statements }

// ExecContext runs a statement that returns no rows.
func (p pooled) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if stmt := p.c.get(ctx, query); stmt != nil {
		return stmt.ExecContext(ctx, args...)
	}
	return p.c.db.ExecContext(ctx, query, args...)
}

// QueryContext runs a statement that returns rows.
func (p pooled) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if stmt := p.c.get(ctx, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return p.c.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a statement that returns at most one row.
func (p pooled) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if stmt := p.c.get(ctx, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return p.c.db.QueryRowContext(ctx, query, args...)
}
