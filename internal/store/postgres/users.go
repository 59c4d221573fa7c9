package postgres

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// userColumns lists the users columns in the order scanUser reads them.
// webauthn_keys comes last: CreateUser sets it to 0 (see User.SecurityKeys).
const userColumns = `id, email, name, password_hash, created_at, email_2fa,
	totp_secret, totp_pending, totp_last_step, password_changed_at, email_verified_at,
	role, disabled_at,
	totp_drift_recent, totp_drift_seconds, totp_drift_at, language, webauthn_keys`

// scanUser reads one row of userColumns.
func scanUser(row interface{ Scan(...any) error }) (*core.User, error) {
	var u core.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, ts(&u.CreatedAt), &u.Email2FA,
		&u.TOTPSecret, &u.TOTPPending, &u.TOTPLastStep, ts(&u.PasswordChangedAt), ts(&u.EmailVerifiedAt),
		&u.Role, ts(&u.DisabledAt),
		&u.TOTPDrift.Recent, &u.TOTPDrift.Seconds, ts(&u.TOTPDrift.Since), &u.Language, &u.SecurityKeys)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUser inserts u. ErrConflict if the email or the id is taken.
func (s *Store) CreateUser(ctx context.Context, u *core.User) error {
	_, err := s.q.Exec(ctx, `INSERT INTO users (`+userColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0)`,
		u.ID, u.Email, u.Name, u.PasswordHash, u.CreatedAt, u.Email2FA,
		nullBytes(u.TOTPSecret), nullBytes(u.TOTPPending), u.TOTPLastStep,
		nullTime(u.PasswordChangedAt), nullTime(u.EmailVerifiedAt), roleOf(u), nullTime(u.DisabledAt),
		u.TOTPDrift.Recent, u.TOTPDrift.Seconds, nullTime(u.TOTPDrift.Since), u.Language)
	return wrap("create user", err)
}

// UserByID returns the user or ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id string) (*core.User, error) {
	u, err := scanUser(s.q.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, wrap("user by id", err)
}

// UserByEmail returns the user with exactly that email or ErrNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (*core.User, error) {
	if !storable(email) { // PostgreSQL text refuses it; no account has it
		return nil, core.ErrNotFound
	}
	u, err := scanUser(s.q.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	return u, wrap("user by email", err)
}

// SetPassword replaces the password hash and sets PasswordChangedAt.
// ErrNotFound if there is no such user.
func (s *Store) SetPassword(ctx context.Context, userID, hash string, at time.Time) error {
	return wrap("set password", s.execOne(ctx,
		`UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3`,
		hash, nullTime(at), userID))
}

// ReplacePasswordHash sets the password hash to newHash, provided it still
// equals oldHash, and reports whether it did. PasswordChangedAt is kept: the
// password is the same, only hashed again.
func (s *Store) ReplacePasswordHash(ctx context.Context, userID, oldHash, newHash string) (bool, error) {
	tag, err := s.q.Exec(ctx,
		`UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, newHash, userID, oldHash)
	if err != nil {
		return false, wrap("replace password hash", err)
	}
	return tag.RowsAffected() == 1, nil
}

// SetEmail changes the address. ErrConflict if another account has it,
// ErrNotFound if there is no such user.
func (s *Store) SetEmail(ctx context.Context, userID, email string) error {
	return wrap("set email", s.execOne(ctx,
		`UPDATE users SET email_verified_at = CASE WHEN email = $1 THEN email_verified_at END,
			email = $1 WHERE id = $2`, email, userID))
}

// SetEmailVerified sets EmailVerifiedAt, provided the user's address is
// still email. It reports whether it did.
func (s *Store) SetEmailVerified(ctx context.Context, userID, email string, at time.Time) (bool, error) {
	tag, err := s.q.Exec(ctx,
		`UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email = $3`, at, userID, email)
	if err != nil {
		return false, wrap("set email verified", err)
	}
	return tag.RowsAffected() == 1, nil
}

// SetEmail2FA turns email codes as a second factor on or off. ErrNotFound if
// there is no such user.
func (s *Store) SetEmail2FA(ctx context.Context, userID string, on bool) error {
	return wrap("set email 2fa", s.execOne(ctx,
		`UPDATE users SET email_2fa = $1 WHERE id = $2`, on, userID))
}

// roleOf is the role stored for u: RoleUser when u has none.
func roleOf(u *core.User) string {
	if u.Role == "" {
		return core.RoleUser
	}
	return u.Role
}

// SetRole sets the user's role. ErrNotFound if there is no such user.
func (s *Store) SetRole(ctx context.Context, userID, role string) error {
	return wrap("set role", s.execOne(ctx, `UPDATE users SET role = $1 WHERE id = $2`, role, userID))
}

// UsersByRole lists the users with that role, by email.
func (s *Store) UsersByRole(ctx context.Context, role string) ([]core.User, error) {
	rows, err := s.q.Query(ctx,
		`SELECT `+userColumns+` FROM users WHERE role = $1 ORDER BY email`, role)
	if err != nil {
		return nil, wrap("users by role", err)
	}
	defer rows.Close()
	var out []core.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap("users by role", err)
		}
		out = append(out, *u)
	}
	return out, wrap("users by role", rows.Err())
}

// SetDisabled sets DisabledAt (zero enables). ErrNotFound if there is no
// such user.
func (s *Store) SetDisabled(ctx context.Context, userID string, at time.Time) error {
	return wrap("set disabled", s.execOne(ctx,
		`UPDATE users SET disabled_at = $1 WHERE id = $2`, nullTime(at), userID))
}
