package sqlite

import (
	"context"
	"database/sql"
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
		u.role, u.disabled_at,
		u.totp_drift_recent, u.totp_drift_seconds, u.totp_drift_at, u.language, u.webauthn_keys,
		(SELECT count(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at = 0)
	FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.token_hash = ? AND s.expires_at > ?`

// SessionViewByHash returns the session if it expires after now, with its
// user and the user's count of unused recovery codes, read by one
// statement; ErrNotFound otherwise.
func (s *Store) SessionViewByHash(ctx context.Context, tokenHash string, now time.Time) (*core.SessionView, error) {
	v, err := scanSessionView(s.q.QueryRowContext(ctx, sessionViewQuery, tokenHash, micros(now)))
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
		email2FA, emailVerified, disabled, driftAt int64
	)
	err := row.Scan(&sess.ID, &sess.TokenHash, &sess.UserID, &created, &expires, &lastSeen,
		&secondFactorAt, &sess.IP, &sess.UserAgent, &sess.KnownDeviceID, &sess.LoginFactor,
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, &userCreated, &email2FA,
		&u.TOTPSecret, &u.TOTPPending, &u.TOTPLastStep, &passwordChange, &emailVerified,
		&u.Role, &disabled,
		&u.TOTPDrift.Recent, &u.TOTPDrift.Seconds, &driftAt, &u.Language, &u.SecurityKeys,
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
	u.DisabledAt = fromMicros(disabled)
	u.TOTPDrift.Since = fromMicros(driftAt)
	return &v, nil
}
