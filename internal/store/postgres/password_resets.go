package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreatePasswordReset stores r and marks every other unused link of its
// user used at r.CreatedAt, in one transaction. ErrNotFound if its user
// does not exist.
func (s *Store) CreatePasswordReset(ctx context.Context, r *core.PasswordReset) error {
	if r.CreatedAt.IsZero() {
		return wrap("create password reset", errZeroTime)
	}
	return wrap("create password reset", s.inTx(ctx, func(tx pgx.Tx) error {
		// Links created at once for one account wait for each other here,
		// so each closes those committed before it and one stays open.
		if _, err := tx.Exec(ctx,
			`SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE`, r.UserID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = $1
			WHERE user_id = $2 AND used_at IS NULL`, r.CreatedAt, r.UserID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO password_resets
			(token_hash, user_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5)`,
			r.TokenHash, r.UserID, r.CreatedAt, r.ExpiresAt, nullTime(r.UsedAt))
		return err
	}))
}

// PasswordResetByHash returns the unused link with this hash that expires
// after now, or ErrNotFound.
func (s *Store) PasswordResetByHash(ctx context.Context, tokenHash string, now time.Time) (*core.PasswordReset, error) {
	var r core.PasswordReset
	err := s.q.QueryRow(ctx, `SELECT token_hash, user_id, created_at, expires_at FROM password_resets
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, tokenHash, now).
		Scan(&r.TokenHash, &r.UserID, ts(&r.CreatedAt), ts(&r.ExpiresAt))
	if err != nil {
		return nil, wrap("password reset by hash", err)
	}
	return &r, nil
}

// UsePasswordReset marks the link with this hash used, in one statement,
// only if it is unused and expires after at, and returns it; ErrNotFound
// otherwise.
func (s *Store) UsePasswordReset(ctx context.Context, tokenHash string, at time.Time) (*core.PasswordReset, error) {
	if at.IsZero() {
		return nil, wrap("use password reset", errZeroTime)
	}
	var r core.PasswordReset
	err := s.q.QueryRow(ctx, `UPDATE password_resets SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
		RETURNING token_hash, user_id, created_at, expires_at, used_at`, at, tokenHash).
		Scan(&r.TokenHash, &r.UserID, ts(&r.CreatedAt), ts(&r.ExpiresAt), ts(&r.UsedAt))
	if err != nil {
		return nil, wrap("use password reset", err)
	}
	return &r, nil
}

// ClosePasswordResets marks every unused link of the user used at at.
func (s *Store) ClosePasswordResets(ctx context.Context, userID string, at time.Time) error {
	if at.IsZero() {
		return wrap("close password resets", errZeroTime)
	}
	_, err := s.q.Exec(ctx, `UPDATE password_resets SET used_at = $1
		WHERE user_id = $2 AND used_at IS NULL`, at, userID)
	return wrap("close password resets", err)
}
