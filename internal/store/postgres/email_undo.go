package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateEmailUndo stores u. ErrNotFound if its user does not exist.
func (s *Store) CreateEmailUndo(ctx context.Context, u *core.EmailUndo) error {
	_, err := s.q.Exec(ctx, `INSERT INTO email_undo
		(token_hash, user_id, old_email, new_email, old_password_hash, created_at, expires_at, used_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		u.TokenHash, u.UserID, u.OldEmail, u.NewEmail, u.OldPasswordHash, u.CreatedAt, u.ExpiresAt, nullTime(u.UsedAt))
	return wrap("create email undo", err)
}

// UseEmailUndo marks the undo link with this hash used, in one statement,
// only if it is unused and expires after at, and returns it; ErrNotFound
// otherwise.
func (s *Store) UseEmailUndo(ctx context.Context, tokenHash string, at time.Time) (*core.EmailUndo, error) {
	if at.IsZero() {
		return nil, wrap("use email undo", errZeroTime)
	}
	var u core.EmailUndo
	err := s.q.QueryRow(ctx, `UPDATE email_undo SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
		RETURNING token_hash, user_id, old_email, new_email, old_password_hash, created_at, expires_at, used_at`,
		at, tokenHash).
		Scan(&u.TokenHash, &u.UserID, &u.OldEmail, &u.NewEmail, &u.OldPasswordHash, ts(&u.CreatedAt), ts(&u.ExpiresAt), ts(&u.UsedAt))
	if err != nil {
		return nil, wrap("use email undo", err)
	}
	return &u, nil
}

// EmailUndoOpen reports whether the user has an undo link that is unused
// and expires after now.
func (s *Store) EmailUndoOpen(ctx context.Context, userID string, now time.Time) (bool, error) {
	var open bool
	err := s.q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM email_undo
		WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2)`, userID, now).Scan(&open)
	return open, wrap("email undo open", err)
}

// EmailUndoHolder returns the user whose unused undo link, expiring after
// now, would put email back, or "" when there is none.
func (s *Store) EmailUndoHolder(ctx context.Context, email string, now time.Time) (string, error) {
	var userID string
	err := s.q.QueryRow(ctx, `SELECT user_id FROM email_undo
		WHERE old_email = $1 AND used_at IS NULL AND expires_at > $2 LIMIT 1`, email, now).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return userID, wrap("email undo holder", err)
}

// CloseEmailUndos marks every unused undo link of the user created at or
// after from used at at.
func (s *Store) CloseEmailUndos(ctx context.Context, userID string, from, at time.Time) error {
	if at.IsZero() {
		return wrap("close email undos", errZeroTime)
	}
	_, err := s.q.Exec(ctx, `UPDATE email_undo SET used_at = $1
		WHERE user_id = $2 AND used_at IS NULL AND created_at >= $3`, at, userID, from)
	return wrap("close email undos", err)
}
