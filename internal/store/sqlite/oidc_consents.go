package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// PutOIDCConsent stores c in one upsert, replacing the user's earlier
// consent to the same client; ErrNotFound if the user or client does not
// exist. c.ClientName is not stored.
func (s *Store) PutOIDCConsent(ctx context.Context, c *core.OIDCConsent) error {
	if err := checkLists(c.Scopes); err != nil {
		return wrap("put oidc consent", err)
	}
	_, err := s.exec(ctx, `INSERT INTO oidc_consents
		(user_id, client_id, scopes, granted_at, last_used) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, client_id) DO UPDATE SET
			scopes = excluded.scopes, granted_at = excluded.granted_at, last_used = excluded.last_used`,
		c.UserID, c.ClientID, lines(c.Scopes), micros(c.GrantedAt), micros(c.LastUsed))
	return wrap("put oidc consent", err)
}

// oidcConsentColumns are the columns scanOIDCConsent reads, in its order,
// from oidc_consents joined (as k) with oidc_clients (as c).
const oidcConsentColumns = `k.user_id, k.client_id, c.name, k.scopes, k.granted_at, k.last_used`

// scanOIDCConsent reads one row of oidcConsentColumns.
func scanOIDCConsent(row rowScanner) (*core.OIDCConsent, error) {
	var (
		c                 core.OIDCConsent
		scopes            string
		granted, lastUsed int64
	)
	if err := row.Scan(&c.UserID, &c.ClientID, &c.ClientName, &scopes, &granted, &lastUsed); err != nil {
		return nil, err
	}
	c.Scopes = splitLines(scopes)
	c.GrantedAt, c.LastUsed = fromMicros(granted), fromMicros(lastUsed)
	return &c, nil
}

// OIDCConsent returns the user's consent to the client, with ClientName
// filled in, or ErrNotFound.
func (s *Store) OIDCConsent(ctx context.Context, userID, clientID string) (*core.OIDCConsent, error) {
	c, err := scanOIDCConsent(s.q.QueryRowContext(ctx, `SELECT `+oidcConsentColumns+`
		FROM oidc_consents k JOIN oidc_clients c ON c.id = k.client_id
		WHERE k.user_id = ? AND k.client_id = ?`, userID, clientID))
	if err != nil {
		return nil, wrap("oidc consent", err)
	}
	return c, nil
}

// UserOIDCConsents lists the user's consents with ClientName filled in,
// most recently used first (never used last), then most recently granted.
func (s *Store) UserOIDCConsents(ctx context.Context, userID string) ([]core.OIDCConsent, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+oidcConsentColumns+`
		FROM oidc_consents k JOIN oidc_clients c ON c.id = k.client_id
		WHERE k.user_id = ?
		ORDER BY k.last_used DESC, k.granted_at DESC, k.client_id`, userID)
	if err != nil {
		return nil, wrap("list oidc consents", err)
	}
	defer rows.Close()
	var list []core.OIDCConsent
	for rows.Next() {
		c, err := scanOIDCConsent(rows)
		if err != nil {
			return nil, wrap("list oidc consents", err)
		}
		list = append(list, *c)
	}
	return list, wrap("list oidc consents", rows.Err())
}

// TouchOIDCConsent sets LastUsed; no error if there is no consent.
func (s *Store) TouchOIDCConsent(ctx context.Context, userID, clientID string, at time.Time) error {
	_, err := s.exec(ctx, `UPDATE oidc_consents SET last_used = ? WHERE user_id = ? AND client_id = ?`,
		micros(at), userID, clientID)
	return wrap("touch oidc consent", err)
}

// DeleteOIDCConsent removes the consent; ErrNotFound if there is none.
func (s *Store) DeleteOIDCConsent(ctx context.Context, userID, clientID string) error {
	return wrap("delete oidc consent", s.execOne(ctx,
		`DELETE FROM oidc_consents WHERE user_id = ? AND client_id = ?`, userID, clientID))
}
