package postgres

import (
	"errors"
	"fmt"

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
	return fmt.Errorf("postgres: %s: %w", op, err)
}
