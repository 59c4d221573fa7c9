package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// Throttle returns the record for key, or a zero Throttle with that Key
// (Version 0) when there is none.
func (s *Store) Throttle(ctx context.Context, key string) (core.Throttle, error) {
	t := core.Throttle{Key: key}
	err := s.q.QueryRow(ctx, `SELECT failures, last_failure, locked_until, version
		FROM throttles WHERE key = $1`, key).
		Scan(&t.Failures, ts(&t.LastFailure), ts(&t.LockedUntil), &t.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return core.Throttle{Key: key}, nil
	}
	if err != nil {
		return core.Throttle{Key: key}, wrap("throttle", err)
	}
	return t, nil
}

// SwapThrottle writes next under old.Key if the stored record still has
// old.Version (old.Version 0: no record yet), with version old.Version+1,
// in one statement: an INSERT ... ON CONFLICT DO NOTHING for a new record,
// an UPDATE ... WHERE version = old.Version otherwise. It reports whether
// the swap happened. next.Key must be old.Key or empty; next.Version is
// ignored.
func (s *Store) SwapThrottle(ctx context.Context, old core.Throttle, next core.Throttle) (bool, error) {
	if next.Key != "" && next.Key != old.Key {
		return false, errors.New("postgres: swap throttle: next.Key differs from old.Key")
	}
	var (
		ok  bool
		err error
	)
	if old.Version == 0 {
		ok, err = s.execAny(ctx, `INSERT INTO throttles
			(key, failures, last_failure, locked_until, version) VALUES ($1, $2, $3, $4, 1)
			ON CONFLICT (key) DO NOTHING`,
			old.Key, next.Failures, nullTime(next.LastFailure), nullTime(next.LockedUntil))
	} else {
		ok, err = s.execAny(ctx, `UPDATE throttles
			SET failures = $1, last_failure = $2, locked_until = $3, version = version + 1
			WHERE key = $4 AND version = $5`,
			next.Failures, nullTime(next.LastFailure), nullTime(next.LockedUntil), old.Key, old.Version)
	}
	return ok, wrap("swap throttle", err)
}

// ResetThrottle deletes the record for key.
func (s *Store) ResetThrottle(ctx context.Context, key string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM throttles WHERE key = $1`, key)
	return wrap("reset throttle", err)
}

// DeleteIdleThrottles deletes the records under prefix last failed before
// idleBefore and not locked at now.
func (s *Store) DeleteIdleThrottles(ctx context.Context, prefix string, idleBefore, now time.Time) (int64, error) {
	n, err := exec(ctx, s.q, `DELETE FROM throttles
		WHERE left(key, length($1)) = $1
		  AND (last_failure IS NULL OR last_failure < $2)
		  AND (locked_until IS NULL OR locked_until <= $3)`,
		prefix, idleBefore, now)
	return n, wrap("delete idle throttles", err)
}

// ThrottlesByPrefix returns the records whose key starts with one of
// prefixes, by key.
func (s *Store) ThrottlesByPrefix(ctx context.Context, prefixes []string) ([]core.Throttle, error) {
	rows, err := s.q.Query(ctx, `SELECT key, failures, last_failure, locked_until, version
		FROM throttles
		WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS p WHERE left(key, length(p)) = p)
		ORDER BY key`, prefixes)
	if err != nil {
		return nil, wrap("throttles by prefix", err)
	}
	defer rows.Close()
	var out []core.Throttle
	for rows.Next() {
		var t core.Throttle
		if err := rows.Scan(&t.Key, &t.Failures, ts(&t.LastFailure), ts(&t.LockedUntil), &t.Version); err != nil {
			return nil, wrap("throttles by prefix", err)
		}
		out = append(out, t)
	}
	return out, wrap("throttles by prefix", rows.Err())
}

// DeleteThrottles deletes the records whose key starts with one of
// prefixes.
func (s *Store) DeleteThrottles(ctx context.Context, prefixes []string) (int64, error) {
	n, err := exec(ctx, s.q, `DELETE FROM throttles
		WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS p WHERE left(key, length(p)) = p)`, prefixes)
	return n, wrap("delete throttles", err)
}
