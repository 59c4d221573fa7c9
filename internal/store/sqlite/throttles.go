package sqlite

import (
	"context"
	"errors"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// Throttle returns the record for key, or a zero Throttle with that Key
// (Version 0) when there is none.
func (s *Store) Throttle(ctx context.Context, key string) (core.Throttle, error) {
	t := core.Throttle{Key: key}
	var lastFailure, lockedUntil int64
	err := s.q.QueryRowContext(ctx, `SELECT failures, last_failure, locked_until, version
		FROM throttles WHERE key = ?`, key).
		Scan(&t.Failures, &lastFailure, &lockedUntil, &t.Version)
	if err != nil {
		err = wrap("throttle", err)
		if errors.Is(err, core.ErrNotFound) {
			return core.Throttle{Key: key}, nil
		}
		return core.Throttle{Key: key}, err
	}
	t.LastFailure = fromMicros(lastFailure)
	t.LockedUntil = fromMicros(lockedUntil)
	return t, nil
}

// SwapThrottle writes next under old.Key if the stored record still has
// old.Version (old.Version 0: no record yet), with version old.Version+1,
// in one statement. It reports whether the swap happened. next.Key must be
// old.Key or empty; next.Version is ignored.
func (s *Store) SwapThrottle(ctx context.Context, old core.Throttle, next core.Throttle) (bool, error) {
	if next.Key != "" && next.Key != old.Key {
		return false, errors.New("sqlite: swap throttle: next.Key differs from old.Key")
	}
	var (
		ok  bool
		err error
	)
	if old.Version == 0 {
		ok, err = s.execAny(ctx, `INSERT INTO throttles
			(key, failures, last_failure, locked_until, version) VALUES (?, ?, ?, ?, 1)
			ON CONFLICT (key) DO NOTHING`,
			old.Key, next.Failures, micros(next.LastFailure), micros(next.LockedUntil))
	} else {
		ok, err = s.execAny(ctx, `UPDATE throttles
			SET failures = ?, last_failure = ?, locked_until = ?, version = version + 1
			WHERE key = ? AND version = ?`,
			next.Failures, micros(next.LastFailure), micros(next.LockedUntil), old.Key, old.Version)
	}
	return ok, wrap("swap throttle", err)
}

// ResetThrottle deletes the record for key.
func (s *Store) ResetThrottle(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM throttles WHERE key = ?`, key)
	return wrap("reset throttle", err)
}

// DeleteIdleThrottles deletes the records under prefix last failed before
// idleBefore and not locked at now.
func (s *Store) DeleteIdleThrottles(ctx context.Context, prefix string, idleBefore, now time.Time) (int64, error) {
	n, err := s.exec(ctx, `DELETE FROM throttles
		WHERE substr(key, 1, length(?)) = ? AND last_failure < ? AND locked_until <= ?`,
		prefix, prefix, micros(idleBefore), micros(now))
	return n, wrap("delete idle throttles", err)
}

// ThrottlesByPrefix returns the records whose key starts with one of
// prefixes, by key.
func (s *Store) ThrottlesByPrefix(ctx context.Context, prefixes []string) ([]core.Throttle, error) {
	var out []core.Throttle
	for _, prefix := range prefixes {
		rows, err := s.q.QueryContext(ctx, `SELECT key, failures, last_failure, locked_until, version
			FROM throttles WHERE substr(key, 1, length(?)) = ? ORDER BY key`, prefix, prefix)
		if err != nil {
			return nil, wrap("throttles by prefix", err)
		}
		for rows.Next() {
			var (
				t                        core.Throttle
				lastFailure, lockedUntil int64
			)
			if err := rows.Scan(&t.Key, &t.Failures, &lastFailure, &lockedUntil, &t.Version); err != nil {
				rows.Close()
				return nil, wrap("throttles by prefix", err)
			}
			t.LastFailure = fromMicros(lastFailure)
			t.LockedUntil = fromMicros(lockedUntil)
			out = append(out, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, wrap("throttles by prefix", err)
		}
	}
	return out, nil
}

// DeleteThrottles deletes the records whose key starts with one of
// prefixes.
func (s *Store) DeleteThrottles(ctx context.Context, prefixes []string) (int64, error) {
	var total int64
	for _, prefix := range prefixes {
		n, err := s.exec(ctx, `DELETE FROM throttles WHERE substr(key, 1, length(?)) = ?`, prefix, prefix)
		if err != nil {
			return total, wrap("delete throttles", err)
		}
		total += n
	}
	return total, nil
}
