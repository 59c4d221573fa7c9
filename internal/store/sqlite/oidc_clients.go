package sqlite

import (
	"context"

	"github.com/twofa-dev/twofa/internal/core"
)

// oidcClientColumns are the columns scanOIDCClient reads, in its order.
const oidcClientColumns = `id, name, secret_hash, public, require_2fa,
	redirect_uris, post_logout_uris, created_at`

// scanOIDCClient reads one row of oidcClientColumns.
func scanOIDCClient(row rowScanner) (*core.OIDCClient, error) {
	var (
		c                  core.OIDCClient
		redirects, logouts string
		created            int64
		public, require2FA int64
	)
	if err := row.Scan(&c.ID, &c.Name, &c.SecretHash, &public, &require2FA,
		&redirects, &logouts, &created); err != nil {
		return nil, err
	}
	c.Public, c.Require2FA = public != 0, require2FA != 0
	c.RedirectURIs, c.PostLogoutURIs = splitLines(redirects), splitLines(logouts)
	c.CreatedAt = fromMicros(created)
	return &c, nil
}

// CreateOIDCClient stores c; ErrConflict if its ID is taken. A URI that is
// empty or holds a line break is refused.
func (s *Store) CreateOIDCClient(ctx context.Context, c *core.OIDCClient) error {
	if err := checkLists(c.RedirectURIs, c.PostLogoutURIs); err != nil {
		return wrap("create oidc client", err)
	}
	_, err := s.exec(ctx, `INSERT INTO oidc_clients (`+oidcClientColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Name, blob(c.SecretHash), boolInt(c.Public), boolInt(c.Require2FA),
		lines(c.RedirectURIs), lines(c.PostLogoutURIs), micros(c.CreatedAt))
	return wrap("create oidc client", err)
}

// OIDCClient returns the client or ErrNotFound.
func (s *Store) OIDCClient(ctx context.Context, id string) (*core.OIDCClient, error) {
	c, err := scanOIDCClient(s.q.QueryRowContext(ctx,
		`SELECT `+oidcClientColumns+` FROM oidc_clients WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("oidc client", err)
	}
	return c, nil
}

// OIDCClients lists every client, oldest first (by CreatedAt, then ID).
func (s *Store) OIDCClients(ctx context.Context) ([]core.OIDCClient, error) {
	rows, err := s.q.QueryContext(ctx,
		`SELECT `+oidcClientColumns+` FROM oidc_clients ORDER BY created_at, id`)
	if err != nil {
		return nil, wrap("list oidc clients", err)
	}
	defer rows.Close()
	var list []core.OIDCClient
	for rows.Next() {
		c, err := scanOIDCClient(rows)
		if err != nil {
			return nil, wrap("list oidc clients", err)
		}
		list = append(list, *c)
	}
	return list, wrap("list oidc clients", rows.Err())
}

// DeleteOIDCClient removes the client; its authorization requests, tokens
// and consents go with it (ON DELETE CASCADE). ErrNotFound if there is no
// such client.
func (s *Store) DeleteOIDCClient(ctx context.Context, id string) error {
	return wrap("delete oidc client", s.execOne(ctx, `DELETE FROM oidc_clients WHERE id = ?`, id))
}

// SetOIDCClientSecret replaces the secret hash (nil: none); ErrNotFound if
// there is no such client.
func (s *Store) SetOIDCClientSecret(ctx context.Context, id string, secretHash []byte) error {
	return wrap("set oidc client secret", s.execOne(ctx,
		`UPDATE oidc_clients SET secret_hash = ? WHERE id = ?`, blob(secretHash), id))
}
