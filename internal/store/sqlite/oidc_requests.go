package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// oidcRequestColumns are the columns scanOIDCRequest reads, in its order.
const oidcRequestColumns = `id, client_id, redirect_uri, scopes, state, nonce,
	response_type, response_mode, code_challenge, code_challenge_method, prompt,
	max_age, login_hint, acr_values, created_at, expires_at,
	user_id, auth_time, amr, done_at, code_hash, redeemed_at`

// oidcRequestRead is what reads select: every stored column, with
// reused_at, which only RedeemOIDCAuthCode writes.
const oidcRequestRead = oidcRequestColumns + ", reused_at"

// scanOIDCRequest reads one row of oidcRequestRead.
func scanOIDCRequest(row rowScanner) (*core.OIDCAuthRequest, error) {
	var (
		r                                          core.OIDCAuthRequest
		scopes, prompt, acr, amr                   string
		userID                                     sql.NullString
		created, expires, authTime, done, redeemed int64
		reused                                     int64
	)
	err := row.Scan(&r.ID, &r.ClientID, &r.RedirectURI, &scopes, &r.State, &r.Nonce,
		&r.ResponseType, &r.ResponseMode, &r.CodeChallenge, &r.CodeChallengeMethod, &prompt,
		&r.MaxAge, &r.LoginHint, &acr, &created, &expires,
		&userID, &authTime, &amr, &done, &r.CodeHash, &redeemed, &reused)
	if err != nil {
		return nil, err
	}
	r.Scopes, r.Prompt, r.ACRValues, r.AMR = splitLines(scopes), splitLines(prompt), splitLines(acr), splitLines(amr)
	r.UserID = userID.String
	r.CreatedAt, r.ExpiresAt = fromMicros(created), fromMicros(expires)
	r.AuthTime, r.DoneAt, r.RedeemedAt = fromMicros(authTime), fromMicros(done), fromMicros(redeemed)
	r.ReusedAt = fromMicros(reused)
	return &r, nil
}

// nullString converts s to its stored form in a column that references
// another table: NULL when empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateOIDCAuthRequest stores r, all of its fields; ErrNotFound if
// r.ClientID names no client (or r.UserID, when set, no user), ErrConflict
// if its ID or code hash is taken. A list value that is empty or holds a
// line break is refused.
func (s *Store) CreateOIDCAuthRequest(ctx context.Context, r *core.OIDCAuthRequest) error {
	if err := checkLists(r.Scopes, r.Prompt, r.ACRValues, r.AMR); err != nil {
		return wrap("create oidc auth request", err)
	}
	_, err := s.exec(ctx, `INSERT INTO oidc_auth_requests (`+oidcRequestColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.ClientID, r.RedirectURI, lines(r.Scopes), r.State, r.Nonce,
		r.ResponseType, r.ResponseMode, r.CodeChallenge, r.CodeChallengeMethod, lines(r.Prompt),
		r.MaxAge, r.LoginHint, lines(r.ACRValues), micros(r.CreatedAt), micros(r.ExpiresAt),
		nullString(r.UserID), micros(r.AuthTime), lines(r.AMR), micros(r.DoneAt), blob(r.CodeHash), micros(r.RedeemedAt))
	return wrap("create oidc auth request", err)
}

// OIDCAuthRequest returns the request, expired or not, or ErrNotFound.
func (s *Store) OIDCAuthRequest(ctx context.Context, id string) (*core.OIDCAuthRequest, error) {
	r, err := scanOIDCRequest(s.q.QueryRowContext(ctx,
		`SELECT `+oidcRequestRead+` FROM oidc_auth_requests WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("oidc auth request", err)
	}
	return r, nil
}

// CompleteOIDCAuthRequest records who signed in, in one conditional
// UPDATE, only if the request is not done yet and expires after at. It
// reports whether it did; ErrNotFound if userID names no user.
func (s *Store) CompleteOIDCAuthRequest(ctx context.Context, id, userID string, authTime time.Time, amr []string, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("complete oidc auth request", errZeroTime)
	}
	if err := checkLists(amr); err != nil {
		return false, wrap("complete oidc auth request", err)
	}
	ok, err := s.execAny(ctx, `UPDATE oidc_auth_requests
		SET user_id = ?, auth_time = ?, amr = ?, done_at = ?
		WHERE id = ? AND done_at = 0 AND expires_at > ?`,
		userID, micros(authTime), lines(amr), micros(at), id, micros(at))
	return ok, wrap("complete oidc auth request", err)
}

// SetOIDCAuthCode stores the hash of the code issued for the request, in
// one conditional UPDATE, only if the request is done and has no code yet.
// It reports whether it did; ErrConflict if another request has that hash.
func (s *Store) SetOIDCAuthCode(ctx context.Context, id string, codeHash []byte) (bool, error) {
	if len(codeHash) == 0 {
		return false, wrap("set oidc auth code", errors.New("empty code hash"))
	}
	ok, err := s.execAny(ctx, `UPDATE oidc_auth_requests SET code_hash = ?
		WHERE id = ? AND code_hash IS NULL AND done_at <> 0`, codeHash, id)
	return ok, wrap("set oidc auth code", err)
}

// RedeemOIDCAuthCode sets RedeemedAt of the request with this code hash in
// one conditional UPDATE ... RETURNING, which decides alone which of many
// concurrent calls redeems the code. A call that did not redeem it reads
// the request afterwards (the code was redeemed before, or expired), and
// gets ErrNotFound only when no request has the code.
func (s *Store) RedeemOIDCAuthCode(ctx context.Context, codeHash []byte, at time.Time) (*core.OIDCAuthRequest, bool, error) {
	if at.IsZero() {
		return nil, false, wrap("redeem oidc code", errZeroTime)
	}
	if len(codeHash) == 0 {
		return nil, false, wrap("redeem oidc code", core.ErrNotFound)
	}
	var (
		r        *core.OIDCAuthRequest
		redeemed bool
	)
	err := s.write(ctx, func(tx *Store) error {
		var err error
		r, err = scanOIDCRequest(tx.q.QueryRowContext(ctx, `UPDATE oidc_auth_requests SET redeemed_at = ?
			WHERE code_hash = ? AND redeemed_at = 0 AND expires_at > ?
			RETURNING `+oidcRequestRead, micros(at), codeHash, micros(at)))
		if err == nil {
			redeemed = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// Not redeemed by this call: mark the code reused when it was
		// redeemed before, so that tokens its redeemer issues after this
		// moment are revoked by the redeemer itself (see core.RedeemOIDCCode).
		redeemed = false
		r, err = scanOIDCRequest(tx.q.QueryRowContext(ctx, `UPDATE oidc_auth_requests
			SET reused_at = CASE WHEN redeemed_at <> 0 AND reused_at = 0 THEN ? ELSE reused_at END
			WHERE code_hash = ? RETURNING `+oidcRequestRead, micros(at), codeHash))
		return err
	})
	if err != nil {
		return nil, false, wrap("redeem oidc code", err)
	}
	return r, redeemed, nil
}

// DeleteOIDCAuthRequest removes the request; no error if it is gone.
func (s *Store) DeleteOIDCAuthRequest(ctx context.Context, id string) error {
	_, err := s.exec(ctx, `DELETE FROM oidc_auth_requests WHERE id = ?`, id)
	return wrap("delete oidc auth request", err)
}
