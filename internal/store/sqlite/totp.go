package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SetTOTPPending stores the sealed secret of a setup in progress (nil clears
// it). ErrNotFound if there is no such user.
func (s *Store) SetTOTPPending(ctx context.Context, userID string, sealed []byte) error {
	return wrap("set totp pending", s.execOne(ctx,
		`UPDATE users SET totp_pending = ? WHERE id = ?`, blob(sealed), userID))
}

// errNoChange makes a transaction roll back without reporting an error.
var errNoChange = errors.New("no change")

// EnableTOTP stores active as the active secret and clears the pending one
// if it still equals pending and TOTP is not active yet, sets the last accepted step, clears the drift and replaces the
// recovery codes, in one transaction. It reports whether it did.
func (s *Store) EnableTOTP(ctx context.Context, userID string, pending, active []byte, step int64, codeHashes [][]byte, at time.Time) (bool, error) {
	err := s.write(ctx, func(tx *Store) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE users
			SET totp_secret = ?, totp_pending = NULL, totp_last_step = ?,
				totp_drift_recent = '', totp_drift_seconds = 0, totp_drift_at = 0
			WHERE id = ? AND totp_pending = ? AND totp_secret IS NULL`,
			blob(active), step, userID, blob(pending))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errNoChange
		}
		return replaceRecoveryCodes(ctx, tx.q, userID, codeHashes, at)
	})
	if errors.Is(err, errNoChange) {
		return false, nil
	}
	if err != nil {
		return false, wrap("enable totp", err)
	}
	return true, nil
}

// DisableTOTP clears the secret, the pending secret, the last step and the
// drift, and leaves the recovery codes alone. ErrNotFound if there is no such user.
func (s *Store) DisableTOTP(ctx context.Context, userID string) error {
	return wrap("disable totp", s.execOne(ctx, `UPDATE users
		SET totp_secret = NULL, totp_pending = NULL, totp_last_step = 0,
			totp_drift_recent = '', totp_drift_seconds = 0, totp_drift_at = 0
		WHERE id = ?`, userID))
}

// UseTOTPStep records step as used, in one statement, only if TOTP is active
// and step is later than the last accepted one. It reports whether it did.
func (s *Store) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	ok, err := s.execAny(ctx, `UPDATE users SET totp_last_step = ?
		WHERE id = ? AND totp_secret IS NOT NULL AND totp_last_step < ?`,
		step, userID, step)
	return ok, wrap("use totp step", err)
}

// ResealSecrets rewrites every sealed TOTP secret, active and pending,
// through fn in one transaction and returns how many it rewrote. An error
// from fn rolls everything back.
func (s *Store) ResealSecrets(ctx context.Context, fn func(userID string, sealed []byte) ([]byte, error)) (int, error) {
	count := 0
	err := s.write(ctx, func(tx *Store) error {
		count = 0
		type secrets struct {
			id              string
			active, pending []byte
		}
		var all []secrets
		rows, err := tx.q.QueryContext(ctx, `SELECT id, totp_secret, totp_pending FROM users
			WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL ORDER BY id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u secrets
			if err := rows.Scan(&u.id, &u.active, &u.pending); err != nil {
				rows.Close()
				return err
			}
			all = append(all, u)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}

		reseal := func(id string, sealed []byte) ([]byte, error) {
			if len(sealed) == 0 {
				return nil, nil
			}
			out, err := fn(id, sealed)
			if err != nil {
				return nil, fmt.Errorf("user %s: %w", id, err)
			}
			if len(out) == 0 {
				return nil, fmt.Errorf("user %s: resealing gave an empty secret", id)
			}
			count++
			return out, nil
		}
		for _, u := range all {
			active, err := reseal(u.id, u.active)
			if err != nil {
				return err
			}
			pending, err := reseal(u.id, u.pending)
			if err != nil {
				return err
			}
			if _, err := tx.q.ExecContext(ctx,
				`UPDATE users SET totp_secret = ?, totp_pending = ? WHERE id = ?`,
				blob(active), blob(pending), u.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, wrap("reseal secrets", err)
	}
	return count, nil
}
