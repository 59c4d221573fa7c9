package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// sessionColumns are the columns scanSession reads, in its order.
const sessionColumns = `id, token_hash, user_id, created_at, expires_at,
		last_seen, second_factor_at, ip, user_agent, known_device_id, login_factor`

// scanSession reads one row of sessionColumns.
func scanSession(row pgx.Row) (*core.Session, error) {
	var sess core.Session
	err := row.Scan(&sess.ID, &sess.TokenHash, &sess.UserID, ts(&sess.CreatedAt), ts(&sess.ExpiresAt),
		ts(&sess.LastSeen), ts(&sess.SecondFactorAt), &sess.IP, &sess.UserAgent, &sess.KnownDeviceID, &sess.LoginFactor)
	if err != nil {
		return nil, err
	}
	return &sess, nil
}

// CreateSession stores sess. ErrConflict if its token hash or its id
// (when not empty) is taken,
// ErrNotFound if its user does not exist.
func (s *Store) CreateSession(ctx context.Context, sess *core.Session) error {
	_, err := s.q.Exec(ctx, `INSERT INTO sessions
		(id, token_hash, user_id, created_at, expires_at, last_seen, second_factor_at, ip, user_agent, known_device_id, login_factor)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		sess.ID, sess.TokenHash, sess.UserID, sess.CreatedAt, sess.ExpiresAt,
		nullTime(sess.LastSeen), nullTime(sess.SecondFactorAt), sess.IP, sess.UserAgent, sess.KnownDeviceID, sess.LoginFactor)
	return wrap("create session", err)
}

// SessionByHash returns the session if it expires after now, or ErrNotFound.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*core.Session, error) {
	sess, err := scanSession(s.q.QueryRow(ctx, `SELECT `+sessionColumns+`
		FROM sessions WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now))
	if err != nil {
		return nil, wrap("session by hash", err)
	}
	return sess, nil
}

// UserSessions lists the user's sessions that expire after now, most
// recently seen first.
func (s *Store) UserSessions(ctx context.Context, userID string, now time.Time) ([]core.Session, error) {
	rows, err := s.q.Query(ctx, `SELECT `+sessionColumns+`
		FROM sessions WHERE user_id = $1 AND expires_at > $2
		ORDER BY last_seen DESC NULLS LAST, created_at DESC, id`, userID, now)
	if err != nil {
		return nil, wrap("list sessions", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.Session, error) {
		sess, err := scanSession(row)
		if err != nil {
			return core.Session{}, err
		}
		return *sess, nil
	})
	if err != nil {
		return nil, wrap("list sessions", err)
	}
	return list, nil
}

// DeleteUserSession removes the user's session with this id; ErrNotFound
// if the user has none with that id.
func (s *Store) DeleteUserSession(ctx context.Context, userID, id string) error {
	if id == "" {
		return core.ErrNotFound
	}
	return wrap("delete session", s.execOne(ctx,
		`DELETE FROM sessions WHERE user_id = $1 AND id = $2`, userID, id))
}

// TouchSession updates LastSeen. ErrNotFound if the session is gone.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	return wrap("touch session", s.execOne(ctx,
		`UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, nullTime(at), tokenHash))
}

// MarkSecondFactor sets SecondFactorAt of the session. ErrNotFound if the
// session is gone.
func (s *Store) MarkSecondFactor(ctx context.Context, tokenHash string, at time.Time) error {
	return wrap("mark second factor", s.execOne(ctx,
		`UPDATE sessions SET second_factor_at = $1 WHERE token_hash = $2`, nullTime(at), tokenHash))
}

// DeleteSession removes one session; no error if it is already gone.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return wrap("delete session", err)
}

// DeleteUserSessions removes every session of the user except keep (which
// may be empty), in one statement.
func (s *Store) DeleteUserSessions(ctx context.Context, userID, keep string) error {
	_, err := s.q.Exec(ctx,
		`DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keep)
	return wrap("delete user sessions", err)
}
