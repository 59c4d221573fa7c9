package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateChallenge stores c. ErrConflict if its token hash is taken,
// ErrNotFound if its user does not exist.
func (s *Store) CreateChallenge(ctx context.Context, c *core.Challenge) error {
	_, err := s.exec(ctx, `INSERT INTO challenges
		(token_hash, user_id, created_at, expires_at, attempts, used_at, ip, user_agent, known_device_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.TokenHash, c.UserID, micros(c.CreatedAt), micros(c.ExpiresAt),
		c.Attempts, micros(c.UsedAt), c.IP, c.UserAgent, c.KnownDeviceID)
	return wrap("create challenge", err)
}

// ChallengeByHash returns the challenge, used or not, expired or not, or
// ErrNotFound.
func (s *Store) ChallengeByHash(ctx context.Context, tokenHash string) (*core.Challenge, error) {
	var (
		c                      core.Challenge
		created, expires, used int64
	)
	err := s.q.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, expires_at,
		attempts, used_at, ip, user_agent, known_device_id FROM challenges WHERE token_hash = ?`, tokenHash).
		Scan(&c.TokenHash, &c.UserID, &created, &expires, &c.Attempts, &used, &c.IP, &c.UserAgent, &c.KnownDeviceID)
	if err != nil {
		return nil, wrap("challenge by hash", err)
	}
	c.CreatedAt = fromMicros(created)
	c.ExpiresAt = fromMicros(expires)
	c.UsedAt = fromMicros(used)
	return &c, nil
}

// AddChallengeAttempt adds one to Attempts, in one statement, and returns
// the new count. ErrNotFound if the challenge is gone.
func (s *Store) AddChallengeAttempt(ctx context.Context, tokenHash string) (int, error) {
	var n int
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `UPDATE challenges SET attempts = attempts + 1
			WHERE token_hash = ? RETURNING attempts`, tokenHash).Scan(&n)
	})
	if err != nil {
		return 0, wrap("add challenge attempt", err)
	}
	return n, nil
}

// ConsumeChallenge sets UsedAt, in one statement, only if it is unset and
// the challenge expires after at. It reports whether it did.
func (s *Store) ConsumeChallenge(ctx context.Context, tokenHash string, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("consume challenge", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE challenges SET used_at = ?
		WHERE token_hash = ? AND used_at = 0 AND expires_at > ?`,
		micros(at), tokenHash, micros(at))
	return ok, wrap("consume challenge", err)
}

// DeleteUserChallenges removes every login challenge of the user, and the
// codes mailed for them.
func (s *Store) DeleteUserChallenges(ctx context.Context, userID string) error {
	return wrap("delete user challenges", s.write(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM email_codes
			WHERE user_id = ? AND purpose LIKE 'login:%'`, userID); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `DELETE FROM challenges WHERE user_id = ?`, userID)
		return err
	}))
}
