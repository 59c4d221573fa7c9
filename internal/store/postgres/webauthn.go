package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

const webauthnColumns = `id, user_id, user_handle, credential_id, public_key, sign_count, backup_eligible,
	backup_state, discoverable, transports, aaguid, name, created_at, last_used_at`

// AddWebAuthnCredential stores c and counts it in its user's
// webauthn_keys, in one statement. ErrConflict if its CredentialID or ID
// is taken; ErrNotFound if its user does not exist. The count is added to
// the value the row has when the statement locks it, so concurrent adds
// and deletes of the user's keys all count.
func (s *Store) AddWebAuthnCredential(ctx context.Context, c *core.WebAuthnCredential) error {
	_, err := exec(ctx, s.q, `WITH added AS (INSERT INTO webauthn_credentials (`+webauthnColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING user_id)
		UPDATE users SET webauthn_keys = webauthn_keys + 1 FROM added WHERE users.id = added.user_id`,
		c.ID, c.UserID, c.UserHandle, c.CredentialID, c.PublicKey, int64(c.SignCount), c.BackupEligible,
		c.BackupState, c.Discoverable, strings.Join(c.Transports, "\n"), nullBytes(c.AAGUID), c.Name,
		c.CreatedAt, nullTime(c.LastUsedAt))
	return wrap("add webauthn credential", err)
}

// scanWebAuthn reads one row of webauthnColumns.
func scanWebAuthn(row interface{ Scan(...any) error }) (*core.WebAuthnCredential, error) {
	var (
		c          core.WebAuthnCredential
		count      int64
		transports string
	)
	if err := row.Scan(&c.ID, &c.UserID, &c.UserHandle, &c.CredentialID, &c.PublicKey, &count, &c.BackupEligible,
		&c.BackupState, &c.Discoverable, &transports, &c.AAGUID, &c.Name, ts(&c.CreatedAt), ts(&c.LastUsedAt)); err != nil {
		return nil, err
	}
	c.SignCount = uint32(count)
	if transports != "" {
		c.Transports = strings.Split(transports, "\n")
	}
	return &c, nil
}

// WebAuthnCredentials lists the user's keys, oldest first.
func (s *Store) WebAuthnCredentials(ctx context.Context, userID string) ([]core.WebAuthnCredential, error) {
	rows, err := s.q.Query(ctx, `SELECT `+webauthnColumns+` FROM webauthn_credentials
		WHERE user_id = $1 ORDER BY created_at, id`, userID)
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
	c, err := scanWebAuthn(s.q.QueryRow(ctx, `SELECT `+webauthnColumns+` FROM webauthn_credentials
		WHERE credential_id = $1`, credentialID))
	return c, wrap("webauthn credential by credential id", err)
}

// UseWebAuthnCredential records a signature by the key, in one statement,
// only while its stored counter is still oldCount.
func (s *Store) UseWebAuthnCredential(ctx context.Context, id string, oldCount, count uint32, backupState bool, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("use webauthn credential", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE webauthn_credentials SET sign_count = $1, backup_state = $2, last_used_at = $3
		WHERE id = $4 AND sign_count = $5`, int64(count), backupState, at, id, int64(oldCount))
	return ok, wrap("use webauthn credential", err)
}

// RenameWebAuthnCredential sets the name of the user's key.
func (s *Store) RenameWebAuthnCredential(ctx context.Context, userID, id, name string) error {
	return wrap("rename webauthn credential", s.execOne(ctx,
		`UPDATE webauthn_credentials SET name = $1 WHERE id = $2 AND user_id = $3`, name, id, userID))
}

// DeleteWebAuthnCredential deletes the user's key and uncounts it from the
// user's webauthn_keys, in one statement; of concurrent deletes of the
// same key, one deletes and uncounts it, the others find nothing.
func (s *Store) DeleteWebAuthnCredential(ctx context.Context, userID, id string) error {
	return wrap("delete webauthn credential", s.execOne(ctx,
		`WITH deleted AS (DELETE FROM webauthn_credentials WHERE id = $1 AND user_id = $2 RETURNING user_id)
		UPDATE users SET webauthn_keys = webauthn_keys - 1 FROM deleted WHERE users.id = deleted.user_id`, id, userID))
}

// CreateWebAuthnCeremony stores c. ErrConflict if its challenge hash is
// taken.
func (s *Store) CreateWebAuthnCeremony(ctx context.Context, c *core.WebAuthnCeremony) error {
	var user any
	if c.UserID != "" {
		user = c.UserID
	}
	_, err := exec(ctx, s.q, `INSERT INTO webauthn_ceremonies
		(challenge_hash, purpose, user_id, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		c.ChallengeHash, c.Purpose, user, c.Data, c.CreatedAt, c.ExpiresAt)
	return wrap("create webauthn ceremony", err)
}

// UseWebAuthnCeremony deletes and returns, in one statement, the live
// ceremony with this challenge hash and purpose; ErrNotFound when there is
// none. Of concurrent uses on any number of instances, the row lock lets
// one delete it; the others find nothing.
func (s *Store) UseWebAuthnCeremony(ctx context.Context, challengeHash, purpose string, now time.Time) (*core.WebAuthnCeremony, error) {
	var (
		c    core.WebAuthnCeremony
		user *string
	)
	err := s.q.QueryRow(ctx, `DELETE FROM webauthn_ceremonies
		WHERE challenge_hash = $1 AND purpose = $2 AND expires_at > $3
		RETURNING challenge_hash, purpose, user_id, data, created_at, expires_at`,
		challengeHash, purpose, now).
		Scan(&c.ChallengeHash, &c.Purpose, &user, &c.Data, ts(&c.CreatedAt), ts(&c.ExpiresAt))
	if err != nil {
		return nil, wrap("use webauthn ceremony", err)
	}
	if user != nil {
		c.UserID = *user
	}
	return &c, nil
}
