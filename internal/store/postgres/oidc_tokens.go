package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateOIDCAccessToken stores t. ErrConflict if its ID is taken,
// ErrNotFound if its client or user does not exist.
func (s *Store) CreateOIDCAccessToken(ctx context.Context, t *core.OIDCAccessToken) error {
	if !storableAll([]string{t.ID, t.ClientID, t.UserID, t.GrantID, t.RefreshID}, t.Scopes) {
		return wrap("create oidc access token", errUnstorable)
	}
	_, err := s.q.Exec(ctx, `INSERT INTO oidc_access_tokens
		(id, client_id, user_id, scopes, grant_id, refresh_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.ID, t.ClientID, t.UserID, textArray(t.Scopes), t.GrantID, t.RefreshID, t.CreatedAt, t.ExpiresAt)
	return wrap("create oidc access token", err)
}

// OIDCAccessToken returns the token if it expires after now, else
// ErrNotFound (also for an id no text column can hold).
func (s *Store) OIDCAccessToken(ctx context.Context, id string, now time.Time) (*core.OIDCAccessToken, error) {
	if !storable(id) {
		return nil, wrap("oidc access token", core.ErrNotFound)
	}
	var t core.OIDCAccessToken
	err := s.q.QueryRow(ctx, `SELECT id, client_id, user_id, scopes, grant_id, refresh_id,
		created_at, expires_at FROM oidc_access_tokens WHERE id = $1 AND expires_at > $2`, id, now).
		Scan(&t.ID, &t.ClientID, &t.UserID, &t.Scopes, &t.GrantID, &t.RefreshID, ts(&t.CreatedAt), ts(&t.ExpiresAt))
	if err != nil {
		return nil, wrap("oidc access token", err)
	}
	t.Scopes = nilIfEmpty(t.Scopes)
	return &t, nil
}

// DeleteOIDCAccessToken removes one access token; no error if it is gone.
func (s *Store) DeleteOIDCAccessToken(ctx context.Context, id string) error {
	if !storable(id) {
		return nil // no token has it
	}
	_, err := s.q.Exec(ctx, `DELETE FROM oidc_access_tokens WHERE id = $1`, id)
	return wrap("delete oidc access token", err)
}

// CreateOIDCRefreshToken stores t. ErrConflict if its ID or hash is taken,
// ErrNotFound if its client or user does not exist.
func (s *Store) CreateOIDCRefreshToken(ctx context.Context, t *core.OIDCRefreshToken) error {
	if !storableAll([]string{t.ID, t.ClientID, t.UserID, t.GrantID}, t.Scopes, t.AMR) {
		return wrap("create oidc refresh token", errUnstorable)
	}
	_, err := s.q.Exec(ctx, `INSERT INTO oidc_refresh_tokens
		(id, token_hash, client_id, user_id, scopes, grant_id, auth_time, amr, created_at, expires_at, used_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		t.ID, t.TokenHash, t.ClientID, t.UserID, textArray(t.Scopes), t.GrantID, nullTime(t.AuthTime),
		textArray(t.AMR), t.CreatedAt, t.ExpiresAt, nullTime(t.UsedAt))
	return wrap("create oidc refresh token", err)
}

// OIDCRefreshToken returns the token with this hash, used, expired or not,
// or ErrNotFound.
func (s *Store) OIDCRefreshToken(ctx context.Context, tokenHash []byte) (*core.OIDCRefreshToken, error) {
	var t core.OIDCRefreshToken
	err := s.q.QueryRow(ctx, `SELECT id, token_hash, client_id, user_id, scopes, grant_id,
		auth_time, amr, created_at, expires_at, used_at FROM oidc_refresh_tokens WHERE token_hash = $1`, tokenHash).
		Scan(&t.ID, &t.TokenHash, &t.ClientID, &t.UserID, &t.Scopes, &t.GrantID,
			ts(&t.AuthTime), &t.AMR, ts(&t.CreatedAt), ts(&t.ExpiresAt), ts(&t.UsedAt))
	if err != nil {
		return nil, wrap("oidc refresh token", err)
	}
	t.Scopes, t.AMR = nilIfEmpty(t.Scopes), nilIfEmpty(t.AMR)
	return &t, nil
}

// UseOIDCRefreshToken sets UsedAt of the token with this hash, in one
// conditional UPDATE, only if it is unset and the token expires after at.
// It reports whether it did; of concurrent calls, on any instances, one
// does (the others' UPDATE waits for it and then finds used_at set).
func (s *Store) UseOIDCRefreshToken(ctx context.Context, tokenHash []byte, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("use oidc refresh token", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE oidc_refresh_tokens SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1`, at, tokenHash)
	return ok, wrap("use oidc refresh token", err)
}

// DeleteOIDCRefreshToken removes one refresh token and the access tokens
// issued with it, in one transaction; no error if it is gone.
func (s *Store) DeleteOIDCRefreshToken(ctx context.Context, id string) error {
	if !storable(id) {
		return nil // no token has it
	}
	return wrap("delete oidc refresh token", s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM oidc_access_tokens WHERE refresh_id = $1 AND refresh_id <> ''`, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM oidc_refresh_tokens WHERE id = $1`, id)
		return err
	}))
}

// deleteOIDCTokens removes, inside tx, the access and refresh tokens that
// where (an SQL condition on columns both tables have) selects with args.
func deleteOIDCTokens(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	if _, err := tx.Exec(ctx, `DELETE FROM oidc_access_tokens WHERE `+where, args...); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM oidc_refresh_tokens WHERE `+where, args...)
	return err
}

// RevokeOIDCGrant removes every access and refresh token of the grant, in
// one transaction.
func (s *Store) RevokeOIDCGrant(ctx context.Context, grantID string) error {
	if !storable(grantID) {
		return nil // no token has it
	}
	return wrap("revoke oidc grant", s.inTx(ctx, func(tx pgx.Tx) error {
		return deleteOIDCTokens(ctx, tx, `grant_id = $1`, grantID)
	}))
}

// RevokeOIDCClientUser removes every access and refresh token the client
// holds for the user, and the user's authorization requests of the client
// whose code is not redeemed yet, in one transaction.
func (s *Store) RevokeOIDCClientUser(ctx context.Context, userID, clientID string) error {
	if !storableAll([]string{userID, clientID}) {
		return nil // no token has them
	}
	return wrap("revoke oidc client tokens", s.inTx(ctx, func(tx pgx.Tx) error {
		if err := deleteOIDCTokens(ctx, tx, `user_id = $1 AND client_id = $2`, userID, clientID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM oidc_auth_requests
			WHERE user_id = $1 AND client_id = $2 AND redeemed_at IS NULL`, userID, clientID)
		return err
	}))
}

// RevokeOIDCUser removes every access and refresh token of the user, of
// all clients, and the user's sign-in requests whose code is not redeemed
// yet, in one transaction.
func (s *Store) RevokeOIDCUser(ctx context.Context, userID string) error {
	if !storable(userID) {
		return nil // no token has it
	}
	return wrap("revoke oidc user tokens", s.inTx(ctx, func(tx pgx.Tx) error {
		if err := deleteOIDCTokens(ctx, tx, `user_id = $1`, userID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM oidc_auth_requests WHERE user_id = $1 AND redeemed_at IS NULL`, userID)
		return err
	}))
}
