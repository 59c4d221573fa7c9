package sqlite

import (
	"context"
	"time"
)

// replaceRecoveryCodes deletes the user's recovery codes and inserts
// codeHashes, through q.
func replaceRecoveryCodes(ctx context.Context, q querier, userID string, codeHashes [][]byte, at time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range codeHashes {
		if _, err := q.ExecContext(ctx,
			`INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)`,
			userID, h, micros(at)); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceRecoveryCodes deletes the user's recovery codes and stores these
// hashes, in one transaction. ErrNotFound if there is no such user (and
// codeHashes is not empty); ErrConflict if a hash is given twice.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID string, codeHashes [][]byte, at time.Time) error {
	return wrap("replace recovery codes", s.write(ctx, func(tx *Store) error {
		return replaceRecoveryCodes(ctx, tx.q, userID, codeHashes, at)
	}))
}

// UseRecoveryCode marks the user's unused code with this hash as used, in
// one statement, and reports whether there was one.
func (s *Store) UseRecoveryCode(ctx context.Context, userID string, codeHash []byte, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("use recovery code", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE recovery_codes SET used_at = ?
		WHERE user_id = ? AND code_hash = ? AND used_at = 0`,
		micros(at), userID, codeHash)
	return ok, wrap("use recovery code", err)
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx,
		`SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at = 0`, userID).Scan(&n)
	return n, wrap("count recovery codes", err)
}
