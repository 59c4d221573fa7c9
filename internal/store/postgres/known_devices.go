package postgres

import (
	"context"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// CreateKnownDevice stores d. ErrConflict if its id or token hash is taken,
// ErrNotFound if its user does not exist.
func (s *Store) CreateKnownDevice(ctx context.Context, d *core.KnownDevice) error {
	_, err := s.q.Exec(ctx, `INSERT INTO known_devices
		(id, user_id, token_hash, created_at, last_used) VALUES ($1, $2, $3, $4, $5)`,
		d.ID, d.UserID, d.TokenHash, d.CreatedAt, d.LastUsed)
	return wrap("create known device", err)
}

// KnownDeviceByHash returns the device with that token hash or ErrNotFound.
func (s *Store) KnownDeviceByHash(ctx context.Context, tokenHash string) (*core.KnownDevice, error) {
	if !storable(tokenHash) {
		return nil, wrap("known device by hash", core.ErrNotFound)
	}
	var d core.KnownDevice
	err := s.q.QueryRow(ctx, `SELECT id, user_id, token_hash, created_at, last_used
		FROM known_devices WHERE token_hash = $1`, tokenHash).
		Scan(&d.ID, &d.UserID, &d.TokenHash, ts(&d.CreatedAt), ts(&d.LastUsed))
	if err != nil {
		return nil, wrap("known device by hash", err)
	}
	return &d, nil
}

// TouchKnownDevice sets LastUsed. ErrNotFound if the device is gone.
func (s *Store) TouchKnownDevice(ctx context.Context, id string, at time.Time) error {
	return wrap("touch known device", s.execOne(ctx,
		`UPDATE known_devices SET last_used = $1 WHERE id = $2`, at, id))
}

// DeleteIdleKnownDevices deletes the devices last used before idleBefore.
func (s *Store) DeleteIdleKnownDevices(ctx context.Context, idleBefore time.Time) (int64, error) {
	n, err := exec(ctx, s.q, `DELETE FROM known_devices WHERE last_used < $1`, idleBefore)
	return n, wrap("delete idle known devices", err)
}
