package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// deviceColumns lists the trusted_devices columns in the order scanDevice
// reads them.
const deviceColumns = `id, token_hash, user_id, created_at, expires_at, last_used, ip, user_agent`

// scanDevice reads one row of deviceColumns.
func scanDevice(row interface{ Scan(...any) error }) (core.TrustedDevice, error) {
	var (
		d                          core.TrustedDevice
		created, expires, lastUsed int64
	)
	err := row.Scan(&d.ID, &d.TokenHash, &d.UserID, &created, &expires, &lastUsed, &d.IP, &d.UserAgent)
	d.CreatedAt = fromMicros(created)
	d.ExpiresAt = fromMicros(expires)
	d.LastUsed = fromMicros(lastUsed)
	return d, err
}

// CreateTrustedDevice stores d. ErrConflict if its id or token hash is
// taken, ErrNotFound if its user does not exist.
func (s *Store) CreateTrustedDevice(ctx context.Context, d *core.TrustedDevice) error {
	_, err := s.exec(ctx, `INSERT INTO trusted_devices (`+deviceColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.TokenHash, d.UserID, micros(d.CreatedAt), micros(d.ExpiresAt),
		micros(d.LastUsed), d.IP, d.UserAgent)
	return wrap("create trusted device", err)
}

// TrustedDeviceByHash returns the device if it expires after now, or
// ErrNotFound.
func (s *Store) TrustedDeviceByHash(ctx context.Context, tokenHash string, now time.Time) (*core.TrustedDevice, error) {
	d, err := scanDevice(s.q.QueryRowContext(ctx, `SELECT `+deviceColumns+`
		FROM trusted_devices WHERE token_hash = ? AND expires_at > ?`, tokenHash, micros(now)))
	if err != nil {
		return nil, wrap("trusted device by hash", err)
	}
	return &d, nil
}

// TouchTrustedDevice updates LastUsed, IP and UserAgent. ErrNotFound if the
// device is gone.
func (s *Store) TouchTrustedDevice(ctx context.Context, id string, at time.Time, ip, userAgent string) error {
	return wrap("touch trusted device", s.execOne(ctx,
		`UPDATE trusted_devices SET last_used = ?, ip = ?, user_agent = ? WHERE id = ?`,
		micros(at), ip, userAgent, id))
}

// TrustedDevices lists the user's devices that expire after now, newest
// first.
func (s *Store) TrustedDevices(ctx context.Context, userID string, now time.Time) ([]core.TrustedDevice, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+deviceColumns+` FROM trusted_devices
		WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, rowid DESC`,
		userID, micros(now))
	if err != nil {
		return nil, wrap("list trusted devices", err)
	}
	defer rows.Close()
	var list []core.TrustedDevice
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, wrap("list trusted devices", err)
		}
		list = append(list, d)
	}
	return list, wrap("list trusted devices", rows.Err())
}

// DeleteTrustedDevice removes one device of the user; ErrNotFound if the
// user has no device with that id.
func (s *Store) DeleteTrustedDevice(ctx context.Context, userID, id string) error {
	return wrap("delete trusted device", s.execOne(ctx,
		`DELETE FROM trusted_devices WHERE user_id = ? AND id = ?`, userID, id))
}

// DeleteTrustedDevices removes all devices of the user.
func (s *Store) DeleteTrustedDevices(ctx context.Context, userID string) error {
	_, err := s.exec(ctx, `DELETE FROM trusted_devices WHERE user_id = ?`, userID)
	return wrap("delete trusted devices", err)
}
