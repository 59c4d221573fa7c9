package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// AddOIDCSigningKeys stores keys and retires every key stored before them
// that is not retired yet (RetiredAt = retireAt), in one transaction.
// ErrConflict if an ID is taken; no keys, or a zero retireAt (which would
// read back as "not retired"), is an error.
func (s *Store) AddOIDCSigningKeys(ctx context.Context, keys []core.OIDCSigningKey, retireAt time.Time) error {
	if len(keys) == 0 {
		return wrap("add oidc signing keys", errors.New("no keys given"))
	}
	if retireAt.IsZero() {
		return wrap("add oidc signing keys", errZeroTime)
	}
	for _, k := range keys {
		if !storableAll([]string{k.ID, k.Algorithm}) {
			return wrap("add oidc signing keys", errUnstorable)
		}
	}
	return wrap("add oidc signing keys", s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE oidc_signing_keys SET retired_at = $1
			WHERE retired_at IS NULL`, retireAt); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.Exec(ctx, `INSERT INTO oidc_signing_keys
				(id, algorithm, sealed, created_at, retired_at) VALUES ($1, $2, $3, $4, $5)`,
				k.ID, k.Algorithm, k.Sealed, k.CreatedAt, nullTime(k.RetiredAt)); err != nil {
				return err
			}
		}
		return nil
	}))
}

// OIDCSigningKeys lists every stored key, newest first (by CreatedAt, then
// ID, both descending).
func (s *Store) OIDCSigningKeys(ctx context.Context) ([]core.OIDCSigningKey, error) {
	rows, err := s.q.Query(ctx, `SELECT id, algorithm, sealed, created_at, retired_at
		FROM oidc_signing_keys ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, wrap("list oidc signing keys", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.OIDCSigningKey, error) {
		var k core.OIDCSigningKey
		err := row.Scan(&k.ID, &k.Algorithm, &k.Sealed, ts(&k.CreatedAt), ts(&k.RetiredAt))
		return k, err
	})
	if err != nil {
		return nil, wrap("list oidc signing keys", err)
	}
	return list, nil
}

// DeleteOIDCSigningKeysRetiredBefore removes the keys retired before
// before and returns how many went.
func (s *Store) DeleteOIDCSigningKeysRetiredBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := exec(ctx, s.q, `DELETE FROM oidc_signing_keys WHERE retired_at < $1`, before)
	if err != nil {
		return 0, wrap("delete retired oidc signing keys", err)
	}
	return n, nil
}

// ResealOIDCSigningKeys rewrites every sealed private key through fn, in
// one transaction that locks the keys; an error from fn rolls everything
// back.
func (s *Store) ResealOIDCSigningKeys(ctx context.Context, fn func(id string, sealed []byte) ([]byte, error)) (int, error) {
	var count int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		count, err = resealRows(ctx, tx, "oidc signing key",
			`SELECT id, sealed FROM oidc_signing_keys ORDER BY id FOR UPDATE`,
			`UPDATE oidc_signing_keys SET sealed = $1 WHERE id = $2`, fn)
		return err
	})
	if err != nil {
		return 0, wrap("reseal oidc signing keys", err)
	}
	return count, nil
}
