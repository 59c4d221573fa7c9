package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// PutOIDCConsent stores c in one upsert, replacing the user's earlier
// consent to the same client; ErrNotFound if the user or client does not
// exist. c.ClientName is not stored.
func (s *Store) PutOIDCConsent(ctx context.Context, c *core.OIDCConsent) error {
	if !storableAll([]string{c.UserID, c.ClientID}, c.Scopes) {
		return wrap("put oidc consent", errUnstorable)
	}
	_, err := s.q.Exec(ctx, `INSERT INTO oidc_consents
		(user_id, client_id, scopes, granted_at, last_used) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id, client_id) DO UPDATE SET
			scopes = excluded.scopes, granted_at = excluded.granted_at, last_used = excluded.last_used`,
		c.UserID, c.ClientID, textArray(c.Scopes), c.GrantedAt, nullTime(c.LastUsed))
	return wrap("put oidc consent", err)
}

// oidcConsentColumns are the columns scanOIDCConsent reads, in its order,
// from oidc_consents joined (as k) with oidc_clients (as c).
const oidcConsentColumns = `k.user_id, k.client_id, c.name, k.scopes, k.granted_at, k.last_used`

// scanOIDCConsent reads one row of oidcConsentColumns.
func scanOIDCConsent(row pgx.Row) (*core.OIDCConsent, error) {
	var c core.OIDCConsent
	if err := row.Scan(&c.UserID, &c.ClientID, &c.ClientName, &c.Scopes,
		ts(&c.GrantedAt), ts(&c.LastUsed)); err != nil {
		return nil, err
	}
	c.Scopes = nilIfEmpty(c.Scopes)
	return &c, nil
}

// OIDCConsent returns the user's consent to the client, with ClientName
// filled in, or ErrNotFound.
func (s *Store) OIDCConsent(ctx context.Context, userID, clientID string) (*core.OIDCConsent, error) {
	if !storableAll([]string{userID, clientID}) {
		return nil, wrap("oidc consent", core.ErrNotFound)
	}
	c, err := scanOIDCConsent(s.q.QueryRow(ctx, `SELECT `+oidcConsentColumns+`
		FROM oidc_consents k JOIN oidc_clients c ON c.id = k.client_id
		WHERE k.user_id = $1 AND k.client_id = $2`, userID, clientID))
	if err != nil {
		return nil, wrap("oidc consent", err)
	}
	return c, nil
}

// UserOIDCConsents lists the user's consents with ClientName filled in,
// most recently used first (never used last), then most recently granted.
func (s *Store) UserOIDCConsents(ctx context.Context, userID string) ([]core.OIDCConsent, error) {
	rows, err := s.q.Query(ctx, `SELECT `+oidcConsentColumns+`
		FROM oidc_consents k JOIN oidc_clients c ON c.id = k.client_id
		WHERE k.user_id = $1
		ORDER BY k.last_used DESC NULLS LAST, k.granted_at DESC, k.client_id`, userID)
	if err != nil {
		return nil, wrap("list oidc consents", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.OIDCConsent, error) {
		c, err := scanOIDCConsent(row)
		if err != nil {
			return core.OIDCConsent{}, err
		}
		return *c, nil
	})
	if err != nil {
		return nil, wrap("list oidc consents", err)
	}
	return list, nil
}

// TouchOIDCConsent sets LastUsed; no error if there is no consent.
func (s *Store) TouchOIDCConsent(ctx context.Context, userID, clientID string, at time.Time) error {
	if !storableAll([]string{userID, clientID}) {
		return nil // no consent has them
	}
	_, err := s.q.Exec(ctx, `UPDATE oidc_consents SET last_used = $1 WHERE user_id = $2 AND client_id = $3`,
		nullTime(at), userID, clientID)
	return wrap("touch oidc consent", err)
}

// DeleteOIDCConsent removes the consent; ErrNotFound if there is none.
func (s *Store) DeleteOIDCConsent(ctx context.Context, userID, clientID string) error {
	if !storableAll([]string{userID, clientID}) {
		return wrap("delete oidc consent", core.ErrNotFound)
	}
	return wrap("delete oidc consent", s.execOne(ctx,
		`DELETE FROM oidc_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID))
}
