package postgres

import (
	"context"
	"errors"

	"github.com/twofa-dev/twofa/internal/core"
)

// HoldThrottle takes a transaction-scoped advisory lock named by a hash of
// key (a collision merely makes two keys wait for each other) and then
// reads the record. The lock is released when the transaction ends.
func (s *Store) HoldThrottle(ctx context.Context, key string) (core.Throttle, error) {
	if s.tx == nil {
		return core.Throttle{Key: key}, errors.New("postgres: hold throttle: not in a transaction")
	}
	if _, err := s.q.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, key); err != nil {
		return core.Throttle{Key: key}, wrap("hold throttle", err)
	}
	return s.Throttle(ctx, key)
}
