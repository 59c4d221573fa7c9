package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// sessionColumns are the columns scanSession reads, in its order.
const sessionColumns = `id, token_hash, user_id, created_at, expires_at,
		last_seen, second_factor_at, ip, user_agent, known_device_id, login_factor`

// scanSession reads one row of sessionColumns.
func scanSession(row interface{ Scan(...any) error }) (*core.Session, error) {
	var (
		sess                                       core.Session
		created, expires, lastSeen, secondFactorAt int64
	)
	if err := row.Scan(&sess.ID, &sess.TokenHash, &sess.UserID, &created, &expires, &lastSeen,
		&secondFactorAt, &sess.IP, &sess.UserAgent, &sess.KnownDeviceID, &sess.LoginFactor); err != nil {
		return nil, err
	}
	sess.CreatedAt = fromMicros(created)
	sess.ExpiresAt = fromMicros(expires)
	sess.LastSeen = fromMicros(lastSeen)
	sess.SecondFactorAt = fromMicros(secondFactorAt)
	return &sess, nil
}

// CreateSession stores sess. ErrConflict if its token hash or its id
// (when not empty) is taken,
// ErrNotFound if its user does not exist.
func (s *Store) CreateSession(ctx context.Context, sess *core.Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions
		(id, token_hash, user_id, created_at, expires_at, last_seen, second_factor_at, ip, user_agent, known_device_id, login_factor)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sess.ID, sess.TokenHash, sess.UserID, micros(sess.CreatedAt), micros(sess.ExpiresAt),
		micros(sess.LastSeen), micros(sess.SecondFactorAt), sess.IP, sess.UserAgent, sess.KnownDeviceID, sess.LoginFactor)
	return wrap("create session", err)
}

// SessionByHash returns the session if it expires after now, or ErrNotFound.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*core.Session, error) {
	sess, err := scanSession(s.q.QueryRowContext(ctx, `SELECT `+sessionColumns+`
		FROM sessions WHERE token_hash = ? AND expires_at > ?`, tokenHash, micros(now)))
	if err != nil {
		return nil, wrap("session by hash", err)
	}
	return sess, nil
}

// UserSessions lists the user's sessions that expire after now, most
// recently seen first.
func (s *Store) UserSessions(ctx context.Context, userID string, now time.Time) ([]core.Session, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+sessionColumns+`
		FROM sessions WHERE user_id = ? AND expires_at > ?
		ORDER BY last_seen DESC, created_at DESC, id`, userID, micros(now))
	if err != nil {
		return nil, wrap("list sessions", err)
	}
	defer rows.Close()
	var list []core.Session
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, wrap("list sessions", err)
		}
		list = append(list, *sess)
	}
	return list, wrap("list sessions", rows.Err())
}

// DeleteUserSession removes the user's session with this id; ErrNotFound
// if the user has none with that id.
func (s *Store) DeleteUserSession(ctx context.Context, userID, id string) error {
	if id == "" {
		return core.ErrNotFound
	}
	return wrap("delete session", s.execOne(ctx,
		`DELETE FROM sessions WHERE user_id = ? AND id = ?`, userID, id))
}

// TouchSession updates LastSeen. ErrNotFound if the session is gone.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	return wrap("touch session", s.execOne(ctx,
		`UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, micros(at), tokenHash))
}

// MarkSecondFactor sets SecondFactorAt of the session. ErrNotFound if the
// session is gone.
func (s *Store) MarkSecondFactor(ctx context.Context, tokenHash string, at time.Time) error {
	return wrap("mark second factor", s.execOne(ctx,
		`UPDATE sessions SET second_factor_at = ? WHERE token_hash = ?`, micros(at), tokenHash))
}

// DeleteSession removes one session; no error if it is already gone.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return wrap("delete session", err)
}

// DeleteUserSessions removes every session of the user except keep (which
// may be empty).
func (s *Store) DeleteUserSessions(ctx context.Context, userID, keep string) error {
	_, err := s.exec(ctx,
		`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keep)
	return wrap("delete user sessions", err)
}
