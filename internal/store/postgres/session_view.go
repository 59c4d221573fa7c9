package postgres

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// sessionViewQuery reads a live session, its user and the user's count of
// unused recovery codes in one statement: the columns of sessionColumns,
// then those of userColumns, then the count. pgx prepares it once per
// connection and keeps it (see poolConfig).
const sessionViewQuery = `SELECT s.id, s.token_hash, s.user_id, s.created_at, s.expires_at,
		s.last_seen, s.second_factor_at, s.ip, s.user_agent, s.known_device_id, s.login_factor,
		u.id, u.email, u.name, u.password_hash, u.created_at, u.email_2fa,
		u.totp_secret, u.totp_pending, u.totp_last_step, u.password_changed_at, u.email_verified_at,
		u.role, u.disabled_at,
		u.totp_drift_recent, u.totp_drift_seconds, u.totp_drift_at, u.language, u.webauthn_keys,
		(SELECT count(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL)
	FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.token_hash = $1 AND s.expires_at > $2`

// SessionViewByHash returns the session if it expires after now, with its
// user and the user's count of unused recovery codes, read by one
// statement; ErrNotFound otherwise, also for a hash no text column can
// hold.
func (s *Store) SessionViewByHash(ctx context.Context, tokenHash string, now time.Time) (*core.SessionView, error) {
	if !storable(tokenHash) { // PostgreSQL text refuses it; no session has it
		return nil, core.ErrNotFound
	}
	var (
		v    core.SessionView
		sess = &v.Session
		u    = &v.User
	)
	err := s.q.QueryRow(ctx, sessionViewQuery, tokenHash, now).Scan(
		&sess.ID, &sess.TokenHash, &sess.UserID, ts(&sess.CreatedAt), ts(&sess.ExpiresAt),
		ts(&sess.LastSeen), ts(&sess.SecondFactorAt), &sess.IP, &sess.UserAgent, &sess.KnownDeviceID, &sess.LoginFactor,
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, ts(&u.CreatedAt), &u.Email2FA,
		&u.TOTPSecret, &u.TOTPPending, &u.TOTPLastStep, ts(&u.PasswordChangedAt), ts(&u.EmailVerifiedAt),
		&u.Role, ts(&u.DisabledAt),
		&u.TOTPDrift.Recent, &u.TOTPDrift.Seconds, ts(&u.TOTPDrift.Since), &u.Language, &u.SecurityKeys,
		&v.RecoveryLeft)
	if err != nil {
		return nil, wrap("session view by hash", err)
	}
	return &v, nil
}
