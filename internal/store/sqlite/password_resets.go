package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreatePasswordReset stores r and marks every other unused link of its
// user used at r.CreatedAt, in one transaction. ErrNotFound if its user
// does not exist.
func (s *Store) CreatePasswordReset(ctx context.Context, r *core.PasswordReset) error {
	if r.CreatedAt.IsZero() {
		return wrap("create password reset", errZeroTime)
	}
	return wrap("create password reset", s.write(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `UPDATE password_resets SET used_at = ?
			WHERE user_id = ? AND used_at = 0`, micros(r.CreatedAt), r.UserID); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO password_resets
			(token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)`,
			r.TokenHash, r.UserID, micros(r.CreatedAt), micros(r.ExpiresAt), micros(r.UsedAt))
		return err
	}))
}

// PasswordResetByHash returns the unused link with this hash that expires
// after now, or ErrNotFound.
func (s *Store) PasswordResetByHash(ctx context.Context, tokenHash string, now time.Time) (*core.PasswordReset, error) {
	var (
		r                core.PasswordReset
		created, expires int64
	)
	err := s.q.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, expires_at FROM password_resets
		WHERE token_hash = ? AND used_at = 0 AND expires_at > ?`, tokenHash, micros(now)).
		Scan(&r.TokenHash, &r.UserID, &created, &expires)
	if err != nil {
		return nil, wrap("password reset by hash", err)
	}
	r.CreatedAt, r.ExpiresAt = fromMicros(created), fromMicros(expires)
	return &r, nil
}

// UsePasswordReset marks the link with this hash used, in one statement,
// only if it is unused and expires after at, and returns it; ErrNotFound
// otherwise.
func (s *Store) UsePasswordReset(ctx context.Context, tokenHash string, at time.Time) (*core.PasswordReset, error) {
	if at.IsZero() {
		return nil, wrap("use password reset", errZeroTime)
	}
	var (
		r                core.PasswordReset
		created, expires int64
	)
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `UPDATE password_resets SET used_at = ?
			WHERE token_hash = ? AND used_at = 0 AND expires_at > ?
			RETURNING token_hash, user_id, created_at, expires_at`,
			micros(at), tokenHash, micros(at)).
			Scan(&r.TokenHash, &r.UserID, &created, &expires)
	})
	if err != nil {
		return nil, wrap("use password reset", err)
	}
	r.CreatedAt, r.ExpiresAt, r.UsedAt = fromMicros(created), fromMicros(expires), at
	return &r, nil
}

// ClosePasswordResets marks every unused link of the user used at at.
func (s *Store) ClosePasswordResets(ctx context.Context, userID string, at time.Time) error {
	if at.IsZero() {
		return wrap("close password resets", errZeroTime)
	}
	_, err := s.exec(ctx, `UPDATE password_resets SET used_at = ?
		WHERE user_id = ? AND used_at = 0`, micros(at), userID)
	return wrap("close password resets", err)
}
