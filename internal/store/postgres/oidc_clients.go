package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// oidcClientColumns are the columns scanOIDCClient reads, in its order.
const oidcClientColumns = `id, name, secret_hash, public, require_2fa,
	redirect_uris, post_logout_uris, created_at`

// scanOIDCClient reads one row of oidcClientColumns.
func scanOIDCClient(row pgx.Row) (*core.OIDCClient, error) {
	var c core.OIDCClient
	if err := row.Scan(&c.ID, &c.Name, &c.SecretHash, &c.Public, &c.Require2FA,
		&c.RedirectURIs, &c.PostLogoutURIs, ts(&c.CreatedAt)); err != nil {
		return nil, err
	}
	c.RedirectURIs, c.PostLogoutURIs = nilIfEmpty(c.RedirectURIs), nilIfEmpty(c.PostLogoutURIs)
	return &c, nil
}

// CreateOIDCClient stores c; ErrConflict if its ID is taken. Text that
// PostgreSQL cannot hold (a NUL, bytes that are not UTF-8) is refused.
func (s *Store) CreateOIDCClient(ctx context.Context, c *core.OIDCClient) error {
	if !storableAll([]string{c.ID, c.Name}, c.RedirectURIs, c.PostLogoutURIs) {
		return wrap("create oidc client", errUnstorable)
	}
	_, err := s.q.Exec(ctx, `INSERT INTO oidc_clients (`+oidcClientColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.ID, c.Name, nullBytes(c.SecretHash), c.Public, c.Require2FA,
		textArray(c.RedirectURIs), textArray(c.PostLogoutURIs), c.CreatedAt)
	return wrap("create oidc client", err)
}

// OIDCClient returns the client or ErrNotFound (also for an id no text
// column can hold).
func (s *Store) OIDCClient(ctx context.Context, id string) (*core.OIDCClient, error) {
	if !storable(id) {
		return nil, wrap("oidc client", core.ErrNotFound)
	}
	c, err := scanOIDCClient(s.q.QueryRow(ctx,
		`SELECT `+oidcClientColumns+` FROM oidc_clients WHERE id = $1`, id))
	if err != nil {
		return nil, wrap("oidc client", err)
	}
	return c, nil
}

// OIDCClients lists every client, oldest first (by CreatedAt, then ID).
func (s *Store) OIDCClients(ctx context.Context) ([]core.OIDCClient, error) {
	rows, err := s.q.Query(ctx, `SELECT `+oidcClientColumns+` FROM oidc_clients ORDER BY created_at, id`)
	if err != nil {
		return nil, wrap("list oidc clients", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.OIDCClient, error) {
		c, err := scanOIDCClient(row)
		if err != nil {
			return core.OIDCClient{}, err
		}
		return *c, nil
	})
	if err != nil {
		return nil, wrap("list oidc clients", err)
	}
	return list, nil
}

// DeleteOIDCClient removes the client; its authorization requests, tokens
// and consents go with it (ON DELETE CASCADE). ErrNotFound if there is no
// such client.
func (s *Store) DeleteOIDCClient(ctx context.Context, id string) error {
	return wrap("delete oidc client", s.execOne(ctx, `DELETE FROM oidc_clients WHERE id = $1`, id))
}

// SetOIDCClientSecret replaces the secret hash (nil: none); ErrNotFound if
// there is no such client.
func (s *Store) SetOIDCClientSecret(ctx context.Context, id string, secretHash []byte) error {
	return wrap("set oidc client secret", s.execOne(ctx,
		`UPDATE oidc_clients SET secret_hash = $1 WHERE id = $2`, nullBytes(secretHash), id))
}
