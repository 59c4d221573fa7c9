package sqlite

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateKnownDevice stores d. ErrConflict if its id or token hash is taken,
// ErrNotFound if its user does not exist.
func (s *Store) CreateKnownDevice(ctx context.Context, d *core.KnownDevice) error {
	_, err := s.exec(ctx, `INSERT INTO known_devices
		(id, user_id, token_hash, created_at, last_used) VALUES (?, ?, ?, ?, ?)`,
		d.ID, d.UserID, d.TokenHash, micros(d.CreatedAt), micros(d.LastUsed))
	return wrap("create known device", err)
}

// KnownDeviceByHash returns the device with that token hash or ErrNotFound.
func (s *Store) KnownDeviceByHash(ctx context.Context, tokenHash string) (*core.KnownDevice, error) {
	var (
		d                 core.KnownDevice
		created, lastUsed int64
	)
	err := s.q.QueryRowContext(ctx, `SELECT id, user_id, token_hash, created_at, last_used
		FROM known_devices WHERE token_hash = ?`, tokenHash).
		Scan(&d.ID, &d.UserID, &d.TokenHash, &created, &lastUsed)
	if err != nil {
		return nil, wrap("known device by hash", err)
	}
	d.CreatedAt = fromMicros(created)
	d.LastUsed = fromMicros(lastUsed)
	return &d, nil
}

// TouchKnownDevice sets LastUsed. ErrNotFound if the device is gone.
func (s *Store) TouchKnownDevice(ctx context.Context, id string, at time.Time) error {
	return wrap("touch known device", s.execOne(ctx,
		`UPDATE known_devices SET last_used = ? WHERE id = ?`, micros(at), id))
}

// DeleteIdleKnownDevices deletes the devices last used before idleBefore.
func (s *Store) DeleteIdleKnownDevices(ctx context.Context, idleBefore time.Time) (int64, error) {
	n, err := s.exec(ctx, `DELETE FROM known_devices WHERE last_used < ?`, micros(idleBefore))
	return n, wrap("delete idle known devices", err)
}
