package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// sessionViewQuery reads a live session, its user and the user's count of
// unused recovery codes in one statement: the columns of sessionColumns,
// then those of userColumns, then the count.
const sessionViewQuery = `SELECT s.id, s.token_hash, s.user_id, s.created_at, s.expires_at,
		s.last_seen, s.second_factor_at, s.ip, s.user_agent, s.known_device_id, s.login_factor,
		u.id, u.email, u.name, u.password_hash, u.created_at, u.email_2fa,
		u.totp_secret, u.totp_pending, u.totp_last_step, u.password_changed_at, u.email_verified_at,
		(SELECT count(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at = 0)
	FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.token_hash = ? AND s.expires_at > ?`

// preparedStmt is one statement prepared on its first use and kept for the
// life of the Store: database/sql prepares it again on each connection
// that runs it, once. Its zero value is ready to use.
type preparedStmt struct {
	mu   sync.Mutex // held while preparing and closing
	stmt atomic.Pointer[sql.Stmt]
}

// get returns the statement for query on db, preparing it the first time.
// A failed prepare is not kept: the next call tries again.
func (p *preparedStmt) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	if stmt := p.stmt.Load(); stmt != nil {
		return stmt, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if stmt := p.stmt.Load(); stmt != nil {
		return stmt, nil
	}
	stmt, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmt.Store(stmt)
	return stmt, nil
}

// close releases the statement, if it was ever prepared.
func (p *preparedStmt) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if stmt := p.stmt.Swap(nil); stmt != nil {
		return stmt.Close()
	}
	return nil
}

// SessionViewByHash returns the session if it expires after now, with its
// user and the user's count of unused recovery codes, read by one
// statement; ErrNotFound otherwise. Outside a transaction it runs the
// statement the root Store keeps prepared.
func (s *Store) SessionViewByHash(ctx context.Context, tokenHash string, now time.Time) (*core.SessionView, error) {
	var row *sql.Row
	if s.tx != nil || s.sessionView == nil {
		row = s.q.QueryRowContext(ctx, sessionViewQuery, tokenHash, micros(now))
	} else {
		stmt, err := s.sessionView.get(ctx, s.db, sessionViewQuery)
		if err != nil {
			return nil, wrap("prepare session view", err)
		}
		row = stmt.QueryRowContext(ctx, tokenHash, micros(now))
	}
	v, err := scanSessionView(row)
	if err != nil {
		return nil, wrap("session view by hash", err)
	}
	return v, nil
}

// scanSessionView reads one row of sessionViewQuery.
func scanSessionView(row *sql.Row) (*core.SessionView, error) {
	var (
		v                                          core.SessionView
		sess                                       = &v.Session
		u                                          = &v.User
		created, expires, lastSeen, secondFactorAt int64
		userCreated, passwordChange                int64
		email2FA, emailVerified                    int64
	)
	err := row.Scan(&sess.ID, &sess.TokenHash, &sess.UserID, &created, &expires, &lastSeen,
		&secondFactorAt, &sess.IP, &sess.UserAgent, &sess.KnownDeviceID, &sess.LoginFactor,
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, &userCreated, &email2FA,
		&u.TOTPSecret, &u.TOTPPending, &u.TOTPLastStep, &passwordChange, &emailVerified,
		&v.RecoveryLeft)
	if err != nil {
		return nil, err
	}
	sess.CreatedAt = fromMicros(created)
	sess.ExpiresAt = fromMicros(expires)
	sess.LastSeen = fromMicros(lastSeen)
	sess.SecondFactorAt = fromMicros(secondFactorAt)
	u.CreatedAt = fromMicros(userCreated)
	u.Email2FA = email2FA != 0
	u.PasswordChangedAt = fromMicros(passwordChange)
	u.EmailVerifiedAt = fromMicros(emailVerified)
	return &v, nil
}
