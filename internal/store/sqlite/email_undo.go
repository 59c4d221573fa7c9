package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateEmailUndo stores u. ErrNotFound if its user does not exist.
func (s *Store) CreateEmailUndo(ctx context.Context, u *core.EmailUndo) error {
	_, err := s.exec(ctx, `INSERT INTO email_undo
		(token_hash, user_id, old_email, new_email, old_password_hash, created_at, expires_at, used_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.TokenHash, u.UserID, u.OldEmail, u.NewEmail, u.OldPasswordHash, micros(u.CreatedAt), micros(u.ExpiresAt), micros(u.UsedAt))
	return wrap("create email undo", err)
}

// UseEmailUndo marks the undo link with this hash used, in one statement,
// only if it is unused and expires after at, and returns it; ErrNotFound
// otherwise.
func (s *Store) UseEmailUndo(ctx context.Context, tokenHash string, at time.Time) (*core.EmailUndo, error) {
	if at.IsZero() {
		return nil, wrap("use email undo", errZeroTime)
	}
	var (
		u                core.EmailUndo
		created, expires int64
	)
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `UPDATE email_undo SET used_at = ?
			WHERE token_hash = ? AND used_at = 0 AND expires_at > ?
			RETURNING token_hash, user_id, old_email, new_email, old_password_hash, created_at, expires_at`,
			micros(at), tokenHash, micros(at)).
			Scan(&u.TokenHash, &u.UserID, &u.OldEmail, &u.NewEmail, &u.OldPasswordHash, &created, &expires)
	})
	if err != nil {
		return nil, wrap("use email undo", err)
	}
	u.CreatedAt, u.ExpiresAt, u.UsedAt = fromMicros(created), fromMicros(expires), at
	return &u, nil
}

// EmailUndoOpen reports whether the user has an undo link that is unused
// and expires after now.
func (s *Store) EmailUndoOpen(ctx context.Context, userID string, now time.Time) (bool, error) {
	var open bool
	err := s.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM email_undo
		WHERE user_id = ? AND used_at = 0 AND expires_at > ?)`, userID, micros(now)).Scan(&open)
	return open, wrap("email undo open", err)
}

// EmailUndoHolder returns the user whose unused undo link, expiring after
// now, would put email back, or "" when there is none.
func (s *Store) EmailUndoHolder(ctx context.Context, email string, now time.Time) (string, error) {
	var userID string
	err := s.q.QueryRowContext(ctx, `SELECT user_id FROM email_undo
		WHERE old_email = ? AND used_at = 0 AND expires_at > ? LIMIT 1`, email, micros(now)).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
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
	_, err := s.exec(ctx, `UPDATE email_undo SET used_at = ?
		WHERE user_id = ? AND used_at = 0 AND created_at >= ?`, micros(at), userID, micros(from))
	return wrap("close email undos", err)
}
