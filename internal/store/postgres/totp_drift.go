package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// UseTOTPStepDrift records step as used, as UseTOTPStep does, and in the
// same statement sets the drift to next while its recent offsets still
// equal seen. It reports whether it used the step.
//
// Every SET expression reads the row as the UPDATE found it; an UPDATE
// that waited for another one's lock re-reads the row first, so it sees
// the offsets that one recorded.
func (s *Store) UseTOTPStepDrift(ctx context.Context, userID string, step int64, seen string, next core.TOTPDrift) (bool, error) {
	ok, err := s.execAny(ctx, `UPDATE users SET totp_last_step = $1,
			totp_drift_recent = CASE WHEN totp_drift_recent = $2 THEN $3 ELSE totp_drift_recent END,
			totp_drift_seconds = CASE WHEN totp_drift_recent = $2 THEN $4 ELSE totp_drift_seconds END,
			totp_drift_at = CASE WHEN totp_drift_recent = $2 THEN $5 ELSE totp_drift_at END
		WHERE id = $6 AND totp_secret IS NOT NULL AND totp_last_step < $1`,
		step, seen, next.Recent, next.Seconds, nullTime(next.Since), userID)
	return ok, wrap("use totp step", err)
}

// clockDriftQuery lists the accounts with a drift, most recently found
// first: its condition is that of the partial index users_totp_drift, whose
// order it reads, so it touches only as many rows as it returns.
const clockDriftQuery = `SELECT id, email, totp_drift_seconds, totp_drift_at FROM users
	WHERE totp_drift_seconds <> 0 ORDER BY totp_drift_at DESC, id DESC LIMIT $1`

// ClockDriftAccounts lists the accounts with a drift, most recently found
// first, at most limit.
func (s *Store) ClockDriftAccounts(ctx context.Context, limit int) ([]core.DriftAccount, error) {
	rows, err := s.q.Query(ctx, clockDriftQuery, limit)
	if err != nil {
		return nil, wrap("list clock drift", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.DriftAccount, error) {
		var a core.DriftAccount
		err := row.Scan(&a.UserID, &a.Email, &a.Seconds, ts(&a.Since))
		return a, err
	})
	return list, wrap("list clock drift", err)
}
