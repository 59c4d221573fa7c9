package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// replaceRecoveryCodes deletes the user's recovery codes and inserts
// codeHashes, inside tx. The caller must hold the lock on the user's row,
// so that two replacements of one user's codes do not interleave.
func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, userID string, codeHashes [][]byte, at time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	if len(codeHashes) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at)
		SELECT $1, h, $2 FROM unnest($3::bytea[]) AS h`,
		userID, at, codeHashes)
	return err
}

// ReplaceRecoveryCodes deletes the user's recovery codes and stores these
// hashes, in one transaction that first locks the user's row. ErrNotFound if
// there is no such user (and codeHashes is not empty); ErrConflict if a hash
// is given twice.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID string, codeHashes [][]byte, at time.Time) error {
	return wrap("replace recovery codes", s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx,
			`SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE`, userID); err != nil {
			return err
		}
		return replaceRecoveryCodes(ctx, tx, userID, codeHashes, at)
	}))
}

// UseRecoveryCode marks the user's unused code with this hash as used, in
// one statement, and reports whether there was one.
func (s *Store) UseRecoveryCode(ctx context.Context, userID string, codeHash []byte, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("use recovery code", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE recovery_codes SET used_at = $1
		WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
		at, userID, codeHash)
	return ok, wrap("use recovery code", err)
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.q.QueryRow(ctx,
		`SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	return n, wrap("count recovery codes", err)
}
