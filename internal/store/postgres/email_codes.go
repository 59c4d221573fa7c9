package postgres

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateEmailCode stores c in place of any earlier code of the same user and
// purpose, in one statement (an upsert on the one-code-per-user-and-purpose
// key), so that two codes created at once for one purpose leave one, and
// the replaced code's id is gone. ErrConflict if c's id is taken by another
// code, ErrNotFound if its user does not exist.
func (s *Store) CreateEmailCode(ctx context.Context, c *core.EmailCode) error {
	_, err := s.q.Exec(ctx, `INSERT INTO email_codes
		(id, user_id, purpose, code_hash, created_at, expires_at, attempts, used_at, target, code_sealed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (user_id, purpose) DO UPDATE SET
			id = excluded.id, code_hash = excluded.code_hash,
			created_at = excluded.created_at, expires_at = excluded.expires_at,
			attempts = excluded.attempts, used_at = excluded.used_at,
			target = excluded.target, code_sealed = excluded.code_sealed`,
		c.ID, c.UserID, c.Purpose, c.CodeHash, c.CreatedAt, c.ExpiresAt,
		c.Attempts, nullTime(c.UsedAt), c.Target, nullBytes(c.Sealed))
	return wrap("create email code", err)
}

// LatestEmailCode returns the code for the user and purpose (there is at
// most one), used or not, or ErrNotFound.
func (s *Store) LatestEmailCode(ctx context.Context, userID, purpose string) (*core.EmailCode, error) {
	var c core.EmailCode
	err := s.q.QueryRow(ctx, `SELECT id, user_id, purpose, code_hash, created_at,
		expires_at, attempts, used_at, target, code_sealed FROM email_codes
		WHERE user_id = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1`,
		userID, purpose).
		Scan(&c.ID, &c.UserID, &c.Purpose, &c.CodeHash, ts(&c.CreatedAt), ts(&c.ExpiresAt),
			&c.Attempts, ts(&c.UsedAt), &c.Target, &c.Sealed)
	if err != nil {
		return nil, wrap("latest email code", err)
	}
	return &c, nil
}

// AddEmailCodeAttempt adds one to Attempts of the code, in one statement,
// and returns the new count. ErrNotFound if the code is gone.
func (s *Store) AddEmailCodeAttempt(ctx context.Context, id string) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, `UPDATE email_codes SET attempts = attempts + 1
		WHERE id = $1 RETURNING attempts`, id).Scan(&n)
	return n, wrap("add email code attempt", err)
}

// ConsumeEmailCode sets UsedAt of the code, in one statement, only if its
// hash equals codeHash, it is unused, it expires after at and its Attempts
// are below maxAttempts. It reports whether it did.
func (s *Store) ConsumeEmailCode(ctx context.Context, id string, codeHash []byte, maxAttempts int, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("consume email code", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE email_codes SET used_at = $1
		WHERE id = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > $1
		AND attempts < $4::bigint`,
		at, id, codeHash, maxAttempts)
	return ok, wrap("consume email code", err)
}

// DeleteUserEmailCodes removes every mailed code of the user, whatever its
// purpose.
func (s *Store) DeleteUserEmailCodes(ctx context.Context, userID string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM email_codes WHERE user_id = $1`, userID)
	return wrap("delete user email codes", err)
}
