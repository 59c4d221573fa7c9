package sqlite

import (
	"context"

	"github.com/twofa-dev/twofa/internal/core"
)

// UseTOTPStepDrift records step as used, as UseTOTPStep does, and in the
// same statement sets the drift to next while its recent offsets still
// equal seen. It reports whether it used the step.
func (s *Store) UseTOTPStepDrift(ctx context.Context, userID string, step int64, seen string, next core.TOTPDrift) (bool, error) {
	ok, err := s.execAny(ctx, `UPDATE users SET totp_last_step = ?,
			totp_drift_recent = CASE WHEN totp_drift_recent = ? THEN ? ELSE totp_drift_recent END,
			totp_drift_seconds = CASE WHEN totp_drift_recent = ? THEN ? ELSE totp_drift_seconds END,
			totp_drift_at = CASE WHEN totp_drift_recent = ? THEN ? ELSE totp_drift_at END
		WHERE id = ? AND totp_secret IS NOT NULL AND totp_last_step < ?`,
		step, seen, next.Recent, seen, next.Seconds, seen, micros(next.Since), userID, step)
	return ok, wrap("use totp step", err)
}

// clockDriftQuery lists the accounts with a drift, most recently found
// first: its condition is that of the partial index users_totp_drift, whose
// order it reads, so it touches only as many rows as it returns.
const clockDriftQuery = `SELECT id, email, totp_drift_seconds, totp_drift_at FROM users
	WHERE totp_drift_seconds <> 0 ORDER BY totp_drift_at DESC, id DESC LIMIT ?`

// ClockDriftAccounts lists the accounts with a drift, most recently found
// first, at most limit.
func (s *Store) ClockDriftAccounts(ctx context.Context, limit int) ([]core.DriftAccount, error) {
	rows, err := s.q.QueryContext(ctx, clockDriftQuery, limit)
	if err != nil {
		return nil, wrap("list clock drift", err)
	}
	defer rows.Close()
	var list []core.DriftAccount
	for rows.Next() {
		var (
			a     core.DriftAccount
			since int64
		)
		if err := rows.Scan(&a.UserID, &a.Email, &a.Seconds, &since); err != nil {
			return nil, wrap("list clock drift", err)
		}
		a.Since = fromMicros(since)
		list = append(list, a)
	}
	return list, wrap("list clock drift", rows.Err())
}
