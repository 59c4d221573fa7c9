package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

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
func scanOIDCRequest(row pgx.Row) (*core.OIDCAuthRequest, error) {
	var (
		r      core.OIDCAuthRequest
		userID *string
	)
	err := row.Scan(&r.ID, &r.ClientID, &r.RedirectURI, &r.Scopes, &r.State, &r.Nonce,
		&r.ResponseType, &r.ResponseMode, &r.CodeChallenge, &r.CodeChallengeMethod, &r.Prompt,
		&r.MaxAge, &r.LoginHint, &r.ACRValues, ts(&r.CreatedAt), ts(&r.ExpiresAt),
		&userID, ts(&r.AuthTime), &r.AMR, ts(&r.DoneAt), &r.CodeHash, ts(&r.RedeemedAt), ts(&r.ReusedAt))
	if err != nil {
		return nil, err
	}
	if userID != nil {
		r.UserID = *userID
	}
	r.Scopes, r.Prompt, r.ACRValues, r.AMR = nilIfEmpty(r.Scopes), nilIfEmpty(r.Prompt), nilIfEmpty(r.ACRValues), nilIfEmpty(r.AMR)
	return &r, nil
}

// CreateOIDCAuthRequest stores r, all of its fields; ErrNotFound if
// r.ClientID names no client (or r.UserID, when set, no user), ErrConflict
// if its ID or code hash is taken. Text that PostgreSQL cannot hold (a
// NUL, bytes that are not UTF-8) is refused.
func (s *Store) CreateOIDCAuthRequest(ctx context.Context, r *core.OIDCAuthRequest) error {
	text := []string{r.ID, r.ClientID, r.RedirectURI, r.State, r.Nonce, r.ResponseType,
		r.ResponseMode, r.CodeChallenge, r.CodeChallengeMethod, r.LoginHint, r.UserID}
	if !storableAll(text, r.Scopes, r.Prompt, r.ACRValues, r.AMR) {
		return wrap("create oidc auth request", errUnstorable)
	}
	_, err := s.q.Exec(ctx, `INSERT INTO oidc_auth_requests (`+oidcRequestColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
		r.ID, r.ClientID, r.RedirectURI, textArray(r.Scopes), r.State, r.Nonce,
		r.ResponseType, r.ResponseMode, r.CodeChallenge, r.CodeChallengeMethod, textArray(r.Prompt),
		r.MaxAge, r.LoginHint, textArray(r.ACRValues), r.CreatedAt, r.ExpiresAt,
		nullString(r.UserID), nullTime(r.AuthTime), textArray(r.AMR), nullTime(r.DoneAt),
		nullBytes(r.CodeHash), nullTime(r.RedeemedAt))
	return wrap("create oidc auth request", err)
}

// OIDCAuthRequest returns the request, expired or not, or ErrNotFound
// (also for an id no text column can hold).
func (s *Store) OIDCAuthRequest(ctx context.Context, id string) (*core.OIDCAuthRequest, error) {
	if !storable(id) {
		return nil, wrap("oidc auth request", core.ErrNotFound)
	}
	r, err := scanOIDCRequest(s.q.QueryRow(ctx,
		`SELECT `+oidcRequestRead+` FROM oidc_auth_requests WHERE id = $1`, id))
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
	if !storable(id) {
		return false, nil // no request has it
	}
	if !storableAll([]string{userID}, amr) {
		return false, wrap("complete oidc auth request", errUnstorable)
	}
	ok, err := s.execAny(ctx, `UPDATE oidc_auth_requests
		SET user_id = $1, auth_time = $2, amr = $3, done_at = $4
		WHERE id = $5 AND done_at IS NULL AND expires_at > $4`,
		userID, nullTime(authTime), textArray(amr), at, id)
	return ok, wrap("complete oidc auth request", err)
}

// SetOIDCAuthCode stores the hash of the code issued for the request, in
// one conditional UPDATE, only if the request is done and has no code yet.
// It reports whether it did; ErrConflict if another request has that hash.
func (s *Store) SetOIDCAuthCode(ctx context.Context, id string, codeHash []byte) (bool, error) {
	if len(codeHash) == 0 {
		return false, wrap("set oidc auth code", errors.New("empty code hash"))
	}
	if !storable(id) {
		return false, nil // no request has it
	}
	ok, err := s.execAny(ctx, `UPDATE oidc_auth_requests SET code_hash = $1
		WHERE id = $2 AND code_hash IS NULL AND done_at IS NOT NULL`, codeHash, id)
	return ok, wrap("set oidc auth code", err)
}

// RedeemOIDCAuthCode sets RedeemedAt of the request with this code hash in
// one conditional UPDATE ... RETURNING, which decides alone which of many
// concurrent calls, on any instances, redeems the code (a concurrent
// UPDATE of the row waits for the first and then finds redeemed_at set). A
// call that did not redeem it reads the request afterwards (the code was
// redeemed before, or expired), and gets ErrNotFound only when no request
// has the code.
func (s *Store) RedeemOIDCAuthCode(ctx context.Context, codeHash []byte, at time.Time) (*core.OIDCAuthRequest, bool, error) {
	if at.IsZero() {
		return nil, false, wrap("redeem oidc code", errZeroTime)
	}
	if len(codeHash) == 0 {
		return nil, false, wrap("redeem oidc code", core.ErrNotFound)
	}
	r, err := scanOIDCRequest(s.q.QueryRow(ctx, `UPDATE oidc_auth_requests SET redeemed_at = $1
		WHERE code_hash = $2 AND redeemed_at IS NULL AND expires_at > $1
		RETURNING `+oidcRequestRead, at, codeHash))
	if err == nil {
		return r, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return nil, false, wrap("redeem oidc code", err)
	}
	// Not redeemed by this call: mark the code reused when it was
	// redeemed before, so that tokens its redeemer issues after this
	// moment are revoked by the redeemer itself (see core.RedeemOIDCCode).
	r, err = scanOIDCRequest(s.q.QueryRow(ctx, `UPDATE oidc_auth_requests
		SET reused_at = CASE WHEN redeemed_at IS NOT NULL AND reused_at IS NULL THEN $1 ELSE reused_at END
		WHERE code_hash = $2 RETURNING `+oidcRequestRead, at, codeHash))
	if err != nil {
		return nil, false, wrap("redeem oidc code", err)
	}
	return r, false, nil
}

// DeleteOIDCAuthRequest removes the request; no error if it is gone.
func (s *Store) DeleteOIDCAuthRequest(ctx context.Context, id string) error {
	if !storable(id) {
		return nil // no request has it
	}
	_, err := s.q.Exec(ctx, `DELETE FROM oidc_auth_requests WHERE id = $1`, id)
	return wrap("delete oidc auth request", err)
}
