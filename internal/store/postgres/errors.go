package postgres

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/twofa-dev/twofa/internal/core"
)

// SQLSTATE codes that mean something to the core.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// wrap names the failed operation and turns database errors that mean
// something to the core into the core's errors: a unique or primary key
// violation into core.ErrConflict, no row or a missing referenced row
// (a foreign key violation) into core.ErrNotFound.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s: %w", op, core.ErrNotFound)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case uniqueViolation:
			return fmt.Errorf("postgres: %s: %w", op, core.ErrConflict)
		case foreignKeyViolation:
			return fmt.Errorf("postgres: %s: %w", op, core.ErrNotFound)
		}
	}
	if unreachable(err) {
		return fmt.Errorf("postgres: %s: %w: %w", op, core.ErrUnavailable, err)
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// unreachable reports whether err says the database could not be reached
// rather than that it refused a statement: no connection could be made or
// had from the pool, the network failed (refused, reset, closed mid-query),
// or the server said its connections are ending or full (SQLSTATE class 08,
// 57P01 to 57P03, 53300).
func unreachable(err error) bool {
	var connectErr *pgconn.ConnectError
	var netErr *net.OpError
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr):
		return strings.HasPrefix(pgErr.Code, "08") || slices.Contains([]string{"57P01", "57P02", "57P03", "53300"}, pgErr.Code)
	case errors.As(err, &connectErr), errors.As(err, &netErr):
		return true
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
