package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateEmailCode stores c and deletes any earlier code of the same user and
// purpose, in one transaction. ErrConflict if its id is taken, ErrNotFound
// if its user does not exist.
func (s *Store) CreateEmailCode(ctx context.Context, c *core.EmailCode) error {
	return wrap("create email code", s.write(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx,
			`DELETE FROM email_codes WHERE user_id = ? AND purpose = ?`,
			c.UserID, c.Purpose); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO email_codes
			(id, user_id, purpose, code_hash, created_at, expires_at, attempts, used_at, target, code_sealed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.UserID, c.Purpose, c.CodeHash, micros(c.CreatedAt), micros(c.ExpiresAt),
			c.Attempts, micros(c.UsedAt), c.Target, blob(c.Sealed))
		return err
	}))
}

// LatestEmailCode returns the newest code for the user and purpose, used or
// not, or ErrNotFound.
func (s *Store) LatestEmailCode(ctx context.Context, userID, purpose string) (*core.EmailCode, error) {
	var (
		c                      core.EmailCode
		created, expires, used int64
	)
	err := s.q.QueryRowContext(ctx, `SELECT id, user_id, purpose, code_hash, created_at,
		expires_at, attempts, used_at, target, code_sealed FROM email_codes
		WHERE user_id = ? AND purpose = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
		userID, purpose).
		Scan(&c.ID, &c.UserID, &c.Purpose, &c.CodeHash, &created, &expires,
			&c.Attempts, &used, &c.Target, &c.Sealed)
	if err != nil {
		return nil, wrap("latest email code", err)
	}
	c.CreatedAt = fromMicros(created)
	c.ExpiresAt = fromMicros(expires)
	c.UsedAt = fromMicros(used)
	return &c, nil
}

// AddEmailCodeAttempt adds one to Attempts of the code, in one statement,
// and returns the new count. ErrNotFound if the code is gone.
func (s *Store) AddEmailCodeAttempt(ctx context.Context, id string) (int, error) {
	var n int
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `UPDATE email_codes SET attempts = attempts + 1
			WHERE id = ? RETURNING attempts`, id).Scan(&n)
	})
	if err != nil {
		return 0, wrap("add email code attempt", err)
	}
	return n, nil
}

// ConsumeEmailCode sets UsedAt of the code, in one statement, only if its
// hash equals codeHash, it is unused, it expires after at and its Attempts
// are below maxAttempts. It reports whether it did.
func (s *Store) ConsumeEmailCode(ctx context.Context, id string, codeHash []byte, maxAttempts int, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("consume email code", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE email_codes SET used_at = ?
		WHERE id = ? AND code_hash = ? AND used_at = 0 AND expires_at > ? AND attempts < ?`,
		micros(at), id, codeHash, micros(at), maxAttempts)
	return ok, wrap("consume email code", err)
}

// DeleteUserEmailCodes removes every mailed code of the user, whatever its
// purpose.
func (s *Store) DeleteUserEmailCodes(ctx context.Context, userID string) error {
	_, err := s.exec(ctx, `DELETE FROM email_codes WHERE user_id = ?`, userID)
	return wrap("delete user email codes", err)
}
