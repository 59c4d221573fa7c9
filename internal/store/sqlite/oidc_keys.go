package sqlite

import (
	"context"
	"errors"
	"time"

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
	return wrap("add oidc signing keys", s.write(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `UPDATE oidc_signing_keys SET retired_at = ?
			WHERE retired_at = 0`, micros(retireAt)); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO oidc_signing_keys
				(id, algorithm, sealed, created_at, retired_at) VALUES (?, ?, ?, ?, ?)`,
				k.ID, k.Algorithm, k.Sealed, micros(k.CreatedAt), micros(k.RetiredAt)); err != nil {
				return err
			}
		}
		return nil
	}))
}

// OIDCSigningKeys lists every stored key, newest first (by CreatedAt, then
// ID, both descending).
func (s *Store) OIDCSigningKeys(ctx context.Context) ([]core.OIDCSigningKey, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, algorithm, sealed, created_at, retired_at
		FROM oidc_signing_keys ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, wrap("list oidc signing keys", err)
	}
	defer rows.Close()
	var list []core.OIDCSigningKey
	for rows.Next() {
		var (
			k                core.OIDCSigningKey
			created, retired int64
		)
		if err := rows.Scan(&k.ID, &k.Algorithm, &k.Sealed, &created, &retired); err != nil {
			return nil, wrap("list oidc signing keys", err)
		}
		k.CreatedAt, k.RetiredAt = fromMicros(created), fromMicros(retired)
		list = append(list, k)
	}
	return list, wrap("list oidc signing keys", rows.Err())
}

// DeleteOIDCSigningKeysRetiredBefore removes the keys retired before
// before and returns how many went.
func (s *Store) DeleteOIDCSigningKeysRetiredBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.exec(ctx, `DELETE FROM oidc_signing_keys
		WHERE retired_at <> 0 AND retired_at < ?`, micros(before))
	if err != nil {
		return 0, wrap("delete retired oidc signing keys", err)
	}
	return n, nil
}

// ResealOIDCSigningKeys rewrites every sealed private key through fn, in
// one transaction; an error from fn rolls everything back.
func (s *Store) ResealOIDCSigningKeys(ctx context.Context, fn func(id string, sealed []byte) ([]byte, error)) (int, error) {
	var count int
	err := s.write(ctx, func(tx *Store) error {
		var err error
		count, err = resealRows(ctx, tx.q, "oidc signing key",
			`SELECT id, sealed FROM oidc_signing_keys ORDER BY id`,
			`UPDATE oidc_signing_keys SET sealed = ? WHERE id = ?`, fn)
		return err
	})
	if err != nil {
		return 0, wrap("reseal oidc signing keys", err)
	}
	return count, nil
}
