package sqlite

import (
	"context"
	"errors"

	"github.com/twofa-dev/twofa/internal/core"
)

// HoldThrottle reads the record. A write transaction on SQLite holds the
// database's one write lock from its start, so no other transaction, in
// this process or another, can read and then change the record before
// this one ends.
func (s *Store) HoldThrottle(ctx context.Context, key string) (core.Throttle, error) {
	if s.tx == nil {
		return core.Throttle{Key: key}, errors.New("sqlite: hold throttle: not in a transaction")
	}
	return s.Throttle(ctx, key)
}
