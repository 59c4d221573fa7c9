package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

const webauthnColumns = `id, user_id, user_handle, credential_id, public_key, sign_count, backup_eligible,
	backup_state, discoverable, transports, aaguid, name, created_at, last_used_at`

// AddWebAuthnCredential stores c and counts it in its user's
// webauthn_keys, in one transaction. ErrConflict if its CredentialID or ID
// is taken; ErrNotFound if its user does not exist.
func (s *Store) AddWebAuthnCredential(ctx context.Context, c *core.WebAuthnCredential) error {
	if err := checkLists(c.Transports); err != nil {
		return wrap("add webauthn credential", err)
	}
	return wrap("add webauthn credential", s.write(ctx, func(tx *Store) error {
		if _, err := tx.exec(ctx, `INSERT INTO webauthn_credentials (`+webauthnColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.UserID, c.UserHandle, c.CredentialID, c.PublicKey, int64(c.SignCount), boolInt(c.BackupEligible),
			boolInt(c.BackupState), boolInt(c.Discoverable), lines(c.Transports), blob(c.AAGUID), c.Name,
			micros(c.CreatedAt), micros(c.LastUsedAt)); err != nil {
			return err
		}
		return countKeys(ctx, tx, c.UserID, +1)
	}))
}

// countKeys adds delta to the user's webauthn_keys, in the transaction of
// tx that adds or deletes a key.
func countKeys(ctx context.Context, tx *Store, userID string, delta int) error {
	return tx.execOne(ctx, `UPDATE users SET webauthn_keys = webauthn_keys + ? WHERE id = ?`, delta, userID)
}

// scanWebAuthn reads one row of webauthnColumns.
func scanWebAuthn(row interface{ Scan(...any) error }) (*core.WebAuthnCredential, error) {
	var (
		c                   core.WebAuthnCredential
		count, be, bs, disc int64
		transports          string
		created, used       int64
	)
	if err := row.Scan(&c.ID, &c.UserID, &c.UserHandle, &c.CredentialID, &c.PublicKey, &count, &be, &bs, &disc,
		&transports, &c.AAGUID, &c.Name, &created, &used); err != nil {
		return nil, err
	}
	c.SignCount = uint32(count)
	c.BackupEligible, c.BackupState, c.Discoverable = be != 0, bs != 0, disc != 0
	c.Transports = splitLines(transports)
	c.CreatedAt, c.LastUsedAt = fromMicros(created), fromMicros(used)
	return &c, nil
}

// WebAuthnCredentials lists the user's keys, oldest first.
func (s *Store) WebAuthnCredentials(ctx context.Context, userID string) ([]core.WebAuthnCredential, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+webauthnColumns+` FROM webauthn_credentials
		WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, wrap("webauthn credentials", err)
	}
	defer rows.Close()
	var out []core.WebAuthnCredential
	for rows.Next() {
		c, err := scanWebAuthn(rows)
		if err != nil {
			return nil, wrap("webauthn credentials", err)
		}
		out = append(out, *c)
	}
	return out, wrap("webauthn credentials", rows.Err())
}

// WebAuthnCredentialByCredentialID returns the key with this
// authenticator id, or ErrNotFound.
func (s *Store) WebAuthnCredentialByCredentialID(ctx context.Context, credentialID []byte) (*core.WebAuthnCredential, error) {
	c, err := scanWebAuthn(s.q.QueryRowContext(ctx, `SELECT `+webauthnColumns+` FROM webauthn_credentials
		WHERE credential_id = ?`, credentialID))
	return c, wrap("webauthn credential by credential id", err)
}

// UseWebAuthnCredential records a signature by the key, in one statement,
// only while its stored counter is still oldCount.
func (s *Store) UseWebAuthnCredential(ctx context.Context, id string, oldCount, count uint32, backupState bool, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("use webauthn credential", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE webauthn_credentials SET sign_count = ?, backup_state = ?, last_used_at = ?
		WHERE id = ? AND sign_count = ?`, int64(count), boolInt(backupState), micros(at), id, int64(oldCount))
	return ok, wrap("use webauthn credential", err)
}

// RenameWebAuthnCredential sets the name of the user's key.
func (s *Store) RenameWebAuthnCredential(ctx context.Context, userID, id, name string) error {
	return wrap("rename webauthn credential", s.execOne(ctx,
		`UPDATE webauthn_credentials SET name = ? WHERE id = ? AND user_id = ?`, name, id, userID))
}

// DeleteWebAuthnCredential deletes the user's key and uncounts it from the
// user's webauthn_keys, in one transaction.
func (s *Store) DeleteWebAuthnCredential(ctx context.Context, userID, id string) error {
	return wrap("delete webauthn credential", s.write(ctx, func(tx *Store) error {
		if err := tx.execOne(ctx, `DELETE FROM webauthn_credentials WHERE id = ? AND user_id = ?`, id, userID); err != nil {
			return err
		}
		return countKeys(ctx, tx, userID, -1)
	}))
}

// CreateWebAuthnCeremony stores c. ErrConflict if its challenge hash is
// taken.
func (s *Store) CreateWebAuthnCeremony(ctx context.Context, c *core.WebAuthnCeremony) error {
	var user any
	if c.UserID != "" {
		user = c.UserID
	}
	_, err := s.exec(ctx, `INSERT INTO webauthn_ceremonies
		(challenge_hash, purpose, user_id, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.ChallengeHash, c.Purpose, user, c.Data, micros(c.CreatedAt), micros(c.ExpiresAt))
	return wrap("create webauthn ceremony", err)
}

// UseWebAuthnCeremony deletes and returns, in one statement, the live
// ceremony with this challenge hash and purpose; ErrNotFound when there is
// none.
func (s *Store) UseWebAuthnCeremony(ctx context.Context, challengeHash, purpose string, now time.Time) (*core.WebAuthnCeremony, error) {
	var (
		c                core.WebAuthnCeremony
		user             sql.NullString
		created, expires int64
	)
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `DELETE FROM webauthn_ceremonies
			WHERE challenge_hash = ? AND purpose = ? AND expires_at > ?
			RETURNING challenge_hash, purpose, user_id, data, created_at, expires_at`,
			challengeHash, purpose, micros(now)).
			Scan(&c.ChallengeHash, &c.Purpose, &user, &c.Data, &created, &expires)
	})
	if err != nil {
		return nil, wrap("use webauthn ceremony", err)
	}
	c.UserID, c.CreatedAt, c.ExpiresAt = user.String, fromMicros(created), fromMicros(expires)
	return &c, nil
}
