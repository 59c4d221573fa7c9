package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// deviceColumns lists the trusted_devices columns in the order scanDevice
// reads them.
const deviceColumns = `id, token_hash, user_id, created_at, expires_at, last_used, ip, user_agent`

// scanDevice reads one row of deviceColumns.
func scanDevice(row pgx.Row) (core.TrustedDevice, error) {
	var d core.TrustedDevice
	err := row.Scan(&d.ID, &d.TokenHash, &d.UserID, ts(&d.CreatedAt), ts(&d.ExpiresAt),
		ts(&d.LastUsed), &d.IP, &d.UserAgent)
	return d, err
}

// CreateTrustedDevice stores d. ErrConflict if its id or token hash is
// taken, ErrNotFound if its user does not exist.
func (s *Store) CreateTrustedDevice(ctx context.Context, d *core.TrustedDevice) error {
	_, err := s.q.Exec(ctx, `INSERT INTO trusted_devices (`+deviceColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		d.ID, d.TokenHash, d.UserID, d.CreatedAt, d.ExpiresAt,
		nullTime(d.LastUsed), d.IP, d.UserAgent)
	return wrap("create trusted device", err)
}

// TrustedDeviceByHash returns the device if it expires after now, or
// ErrNotFound.
func (s *Store) TrustedDeviceByHash(ctx context.Context, tokenHash string, now time.Time) (*core.TrustedDevice, error) {
	d, err := scanDevice(s.q.QueryRow(ctx, `SELECT `+deviceColumns+`
		FROM trusted_devices WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now))
	if err != nil {
		return nil, wrap("trusted device by hash", err)
	}
	return &d, nil
}

// TouchTrustedDevice updates LastUsed, IP and UserAgent. ErrNotFound if the
// device is gone.
func (s *Store) TouchTrustedDevice(ctx context.Context, id string, at time.Time, ip, userAgent string) error {
	return wrap("touch trusted device", s.execOne(ctx,
		`UPDATE trusted_devices SET last_used = $1, ip = $2, user_agent = $3 WHERE id = $4`,
		nullTime(at), ip, userAgent, id))
}

// TrustedDevices lists the user's devices that expire after now, newest
// first (devices created at the same instant: the last added first).
func (s *Store) TrustedDevices(ctx context.Context, userID string, now time.Time) ([]core.TrustedDevice, error) {
	rows, err := s.q.Query(ctx, `SELECT `+deviceColumns+` FROM trusted_devices
		WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, seq DESC`,
		userID, now)
	if err != nil {
		return nil, wrap("list trusted devices", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.TrustedDevice, error) {
		return scanDevice(row)
	})
	if err != nil {
		return nil, wrap("list trusted devices", err)
	}
	return list, nil
}

// DeleteTrustedDevice removes one device of the user; ErrNotFound if the
// user has no device with that id.
func (s *Store) DeleteTrustedDevice(ctx context.Context, userID, id string) error {
	return wrap("delete trusted device", s.execOne(ctx,
		`DELETE FROM trusted_devices WHERE user_id = $1 AND id = $2`, userID, id))
}

// DeleteTrustedDevices removes all devices of the user.
func (s *Store) DeleteTrustedDevices(ctx context.Context, userID string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM trusted_devices WHERE user_id = $1`, userID)
	return wrap("delete trusted devices", err)
}
