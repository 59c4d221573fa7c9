package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/twofa-dev/twofa/internal/core"
)

// wrap names the failed operation and turns database errors that mean
// something to the core into the core's errors: a unique or primary key
// violation into core.ErrConflict, no row or a missing referenced row into
// core.ErrNotFound; a file that cannot be opened, or that stayed locked past
// the busy timeout, into core.ErrUnavailable (with the driver's error).
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: %s: %w", op, core.ErrNotFound)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("sqlite: %s: %w", op, core.ErrConflict)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("sqlite: %s: %w", op, core.ErrNotFound)
		}
	}
	if isBusy(err) || isCantOpen(err) {
		return fmt.Errorf("sqlite: %s: %w: %w", op, core.ErrUnavailable, err)
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

// isCantOpen reports whether err is SQLite saying it cannot open the
// database file (gone, its directory gone, or no permission).
func isCantOpen(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CANTOPEN
}

// isBusy reports whether err is SQLite saying the database is locked.
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff // the primary result code
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}
