package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateOIDCAccessToken stores t. ErrConflict if its ID is taken,
// ErrNotFound if its client or user does not exist.
func (s *Store) CreateOIDCAccessToken(ctx context.Context, t *core.OIDCAccessToken) error {
	if err := checkLists(t.Scopes); err != nil {
		return wrap("create oidc access token", err)
	}
	_, err := s.exec(ctx, `INSERT INTO oidc_access_tokens
		(id, client_id, user_id, scopes, grant_id, refresh_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.ClientID, t.UserID, lines(t.Scopes), t.GrantID, t.RefreshID,
		micros(t.CreatedAt), micros(t.ExpiresAt))
	return wrap("create oidc access token", err)
}

// OIDCAccessToken returns the token if it expires after now, else
// ErrNotFound.
func (s *Store) OIDCAccessToken(ctx context.Context, id string, now time.Time) (*core.OIDCAccessToken, error) {
	var (
		t                core.OIDCAccessToken
		scopes           string
		created, expires int64
	)
	err := s.q.QueryRowContext(ctx, `SELECT id, client_id, user_id, scopes, grant_id, refresh_id,
		created_at, expires_at FROM oidc_access_tokens WHERE id = ? AND expires_at > ?`, id, micros(now)).
		Scan(&t.ID, &t.ClientID, &t.UserID, &scopes, &t.GrantID, &t.RefreshID, &created, &expires)
	if err != nil {
		return nil, wrap("oidc access token", err)
	}
	t.Scopes = splitLines(scopes)
	t.CreatedAt, t.ExpiresAt = fromMicros(created), fromMicros(expires)
	return &t, nil
}

// DeleteOIDCAccessToken removes one access token; no error if it is gone.
func (s *Store) DeleteOIDCAccessToken(ctx context.Context, id string) error {
	_, err := s.exec(ctx, `DELETE FROM oidc_access_tokens WHERE id = ?`, id)
	return wrap("delete oidc access token", err)
}

// CreateOIDCRefreshToken stores t. ErrConflict if its ID or hash is taken,
// ErrNotFound if its client or user does not exist.
func (s *Store) CreateOIDCRefreshToken(ctx context.Context, t *core.OIDCRefreshToken) error {
	if err := checkLists(t.Scopes, t.AMR); err != nil {
		return wrap("create oidc refresh token", err)
	}
	_, err := s.exec(ctx, `INSERT INTO oidc_refresh_tokens
		(id, token_hash, client_id, user_id, scopes, grant_id, auth_time, amr, created_at, expires_at, used_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.TokenHash, t.ClientID, t.UserID, lines(t.Scopes), t.GrantID, micros(t.AuthTime),
		lines(t.AMR), micros(t.CreatedAt), micros(t.ExpiresAt), micros(t.UsedAt))
	return wrap("create oidc refresh token", err)
}

// OIDCRefreshToken returns the token with this hash, used, expired or not,
// or ErrNotFound.
func (s *Store) OIDCRefreshToken(ctx context.Context, tokenHash []byte) (*core.OIDCRefreshToken, error) {
	var (
		t                                core.OIDCRefreshToken
		scopes, amr                      string
		authTime, created, expires, used int64
	)
	err := s.q.QueryRowContext(ctx, `SELECT id, token_hash, client_id, user_id, scopes, grant_id,
		auth_time, amr, created_at, expires_at, used_at FROM oidc_refresh_tokens WHERE token_hash = ?`, tokenHash).
		Scan(&t.ID, &t.TokenHash, &t.ClientID, &t.UserID, &scopes, &t.GrantID,
			&authTime, &amr, &created, &expires, &used)
	if err != nil {
		return nil, wrap("oidc refresh token", err)
	}
	t.Scopes, t.AMR = splitLines(scopes), splitLines(amr)
	t.AuthTime, t.CreatedAt, t.ExpiresAt, t.UsedAt = fromMicros(authTime), fromMicros(created), fromMicros(expires), fromMicros(used)
	return &t, nil
}

// UseOIDCRefreshToken sets UsedAt of the token with this hash, in one
// conditional UPDATE, only if it is unset and the token expires after at.
// It reports whether it did.
func (s *Store) UseOIDCRefreshToken(ctx context.Context, tokenHash []byte, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("use oidc refresh token", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE oidc_refresh_tokens SET used_at = ?
		WHERE token_hash = ? AND used_at = 0 AND expires_at > ?`,
		micros(at), tokenHash, micros(at))
	return ok, wrap("use oidc refresh token", err)
}

// DeleteOIDCRefreshToken removes one refresh token and the access tokens
// issued with it, in one transaction; no error if it is gone.
func (s *Store) DeleteOIDCRefreshToken(ctx context.Context, id string) error {
	return wrap("delete oidc refresh token", s.write(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM oidc_access_tokens WHERE refresh_id = ? AND refresh_id <> ''`, id); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `DELETE FROM oidc_refresh_tokens WHERE id = ?`, id)
		return err
	}))
}

// deleteOIDCTokens removes, through q, the access and refresh tokens that
// where (an SQL condition on columns both tables have) selects with args.
func deleteOIDCTokens(ctx context.Context, q querier, where string, args ...any) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM oidc_access_tokens WHERE `+where, args...); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM oidc_refresh_tokens WHERE `+where, args...)
	return err
}

// RevokeOIDCGrant removes every access and refresh token of the grant, in
// one transaction.
func (s *Store) RevokeOIDCGrant(ctx context.Context, grantID string) error {
	return wrap("revoke oidc grant", s.write(ctx, func(tx *Store) error {
		return deleteOIDCTokens(ctx, tx.q, `grant_id = ?`, grantID)
	}))
}

// RevokeOIDCClientUser removes every access and refresh token the client
// holds for the user, and the user's authorization requests of the client
// whose code is not redeemed yet, in one transaction.
func (s *Store) RevokeOIDCClientUser(ctx context.Context, userID, clientID string) error {
	return wrap("revoke oidc client tokens", s.write(ctx, func(tx *Store) error {
		if err := deleteOIDCTokens(ctx, tx.q, `user_id = ? AND client_id = ?`, userID, clientID); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `DELETE FROM oidc_auth_requests
			WHERE user_id = ? AND client_id = ? AND redeemed_at = 0`, userID, clientID)
		return err
	}))
}

// RevokeOIDCUser removes every access and refresh token of the user, of
// all clients, and the user's sign-in requests whose code is not redeemed
// yet, in one transaction.
func (s *Store) RevokeOIDCUser(ctx context.Context, userID string) error {
	return wrap("revoke oidc user tokens", s.write(ctx, func(tx *Store) error {
		if err := deleteOIDCTokens(ctx, tx.q, `user_id = ?`, userID); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `DELETE FROM oidc_auth_requests WHERE user_id = ? AND redeemed_at = 0`, userID)
		return err
	}))
}
