package postgres

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"
)

// errZeroTime refuses to mark something used at the zero time, which is
// stored as NULL and would read back as "never used".
var errZeroTime = errors.New("zero time given for a use")

// nullTime converts an optional instant to its stored form: NULL for the
// zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// utcTime is a scan target for a timestamptz column: it stores the instant
// in UTC, and NULL as the zero time. Scan into (*utcTime)(&someTime).
type utcTime time.Time

// ScanTimestamptz implements pgtype.TimestamptzScanner.
func (u *utcTime) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid {
		*u = utcTime{}
		return nil
	}
	*u = utcTime(v.Time.UTC())
	return nil
}

// ts returns a scan target that fills *t from a timestamptz column.
func ts(t *time.Time) *utcTime { return (*utcTime)(t) }

// nullBytes converts b to its stored form: NULL when empty, so that "no
// secret" has one representation.
func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// storable reports whether PostgreSQL text can hold s: valid UTF-8
// without NUL bytes.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// errUnstorable refuses a text PostgreSQL cannot hold.
var errUnstorable = errors.New("a field holds a NUL or bytes that are not UTF-8")

// storableAll reports whether every string of every list is storable.
func storableAll(lists ...[]string) bool {
	for _, list := range lists {
		for _, v := range list {
			if !storable(v) {
				return false
			}
		}
	}
	return true
}

// textArray converts a list to its stored form, a text[] that is never
// NULL: nil and empty lists are both '{}', which nilIfEmpty reads back as
// nil.
func textArray(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// nilIfEmpty is the inverse of textArray.
func nilIfEmpty(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}

// nullString converts s to its stored form in a column that references
// another table: NULL when empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
