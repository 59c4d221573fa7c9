package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SetTOTPPending stores the sealed secret of a setup in progress (nil clears
// it). ErrNotFound if there is no such user.
func (s *Store) SetTOTPPending(ctx context.Context, userID string, sealed []byte) error {
	return wrap("set totp pending", s.execOne(ctx,
		`UPDATE users SET totp_pending = $1 WHERE id = $2`, nullBytes(sealed), userID))
}

// errNoChange makes a transaction roll back without reporting an error.
var errNoChange = errors.New("no change")

// EnableTOTP stores active as the active secret and clears the pending one
// if it still equals pending and TOTP is not active yet, sets the last accepted step, clears the drift and replaces the
// recovery codes, in one transaction. It reports whether it did.
//
// The UPDATE holds the condition and locks the user's row, so of many
// concurrent calls one changes the row and the others, re-checking the
// condition once it commits, change nothing.
func (s *Store) EnableTOTP(ctx context.Context, userID string, pending, active []byte, step int64, codeHashes [][]byte, at time.Time) (bool, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		n, err := exec(ctx, tx, `UPDATE users
			SET totp_secret = $4, totp_pending = NULL, totp_last_step = $1,
				totp_drift_recent = '', totp_drift_seconds = 0, totp_drift_at = NULL
			WHERE id = $2 AND totp_pending = $3 AND totp_secret IS NULL`,
			step, userID, nullBytes(pending), nullBytes(active))
		if err != nil {
			return err
		}
		if n == 0 {
			return errNoChange
		}
		return replaceRecoveryCodes(ctx, tx, userID, codeHashes, at)
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
			totp_drift_recent = '', totp_drift_seconds = 0, totp_drift_at = NULL
		WHERE id = $1`, userID))
}

// UseTOTPStep records step as used, in one statement, only if TOTP is active
// and step is later than the last accepted one. It reports whether it did.
func (s *Store) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	ok, err := s.execAny(ctx, `UPDATE users SET totp_last_step = $1
		WHERE id = $2 AND totp_secret IS NOT NULL AND totp_last_step < $1`,
		step, userID)
	return ok, wrap("use totp step", err)
}

// userSecrets is one user's sealed secrets, as ResealSecrets reads them.
type userSecrets struct {
	id              string
	active, pending []byte
}

// ResealSecrets rewrites every sealed TOTP secret, active and pending,
// through fn in one transaction and returns how many it rewrote. The rows
// are locked (FOR UPDATE) while fn runs; an error from fn rolls everything
// back.
func (s *Store) ResealSecrets(ctx context.Context, fn func(userID string, sealed []byte) ([]byte, error)) (int, error) {
	count := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		count = 0
		rows, err := tx.Query(ctx, `SELECT id, totp_secret, totp_pending FROM users
			WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL
			ORDER BY id FOR UPDATE`)
		if err != nil {
			return err
		}
		all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (userSecrets, error) {
			var u userSecrets
			err := row.Scan(&u.id, &u.active, &u.pending)
			return u, err
		})
		if err != nil {
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
			if _, err := tx.Exec(ctx,
				`UPDATE users SET totp_secret = $1, totp_pending = $2 WHERE id = $3`,
				nullBytes(active), nullBytes(pending), u.id); err != nil {
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
