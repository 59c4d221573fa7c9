package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testKnownDevices: a known device is found by its token hash with every
// field, touched, refused for a missing user or a taken hash, and deleted
// once idle; deleting the user deletes its devices.
func testKnownDevices(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	d := &core.KnownDevice{ID: "k1", TokenHash: "known-1", UserID: "a", CreatedAt: at(0), LastUsed: at(0)}
	wantOK(t, "CreateKnownDevice", s.CreateKnownDevice(ctx, d))
	wantErr(t, "CreateKnownDevice(same hash)", s.CreateKnownDevice(ctx,
		&core.KnownDevice{ID: "k2", TokenHash: "known-1", UserID: "b", CreatedAt: at(0), LastUsed: at(0)}), core.ErrConflict)
	wantErr(t, "CreateKnownDevice(no user)", s.CreateKnownDevice(ctx,
		&core.KnownDevice{ID: "k3", TokenHash: "known-3", UserID: "nobody", CreatedAt: at(0), LastUsed: at(0)}), core.ErrNotFound)
	old := &core.KnownDevice{ID: "k4", TokenHash: "known-4", UserID: "b", CreatedAt: at(-48 * time.Hour), LastUsed: at(-48 * time.Hour)}
	wantOK(t, "CreateKnownDevice(old)", s.CreateKnownDevice(ctx, old))

	got, err := s.KnownDeviceByHash(ctx, "known-1")
	wantOK(t, "KnownDeviceByHash", err)
	same(t, "ID", got.ID, d.ID)
	same(t, "TokenHash", got.TokenHash, d.TokenHash)
	same(t, "UserID", got.UserID, d.UserID)
	sameTime(t, "CreatedAt", got.CreatedAt, d.CreatedAt)
	sameTime(t, "LastUsed", got.LastUsed, d.LastUsed)
	_, err = s.KnownDeviceByHash(ctx, "known-x")
	wantErr(t, "KnownDeviceByHash(unknown)", err, core.ErrNotFound)

	wantOK(t, "TouchKnownDevice", s.TouchKnownDevice(ctx, "k1", at(time.Hour)))
	got, err = s.KnownDeviceByHash(ctx, "known-1")
	wantOK(t, "KnownDeviceByHash after touch", err)
	sameTime(t, "LastUsed after touch", got.LastUsed, at(time.Hour))
	wantErr(t, "TouchKnownDevice(gone)", s.TouchKnownDevice(ctx, "kx", at(time.Hour)), core.ErrNotFound)

	n, err := s.DeleteIdleKnownDevices(ctx, at(-time.Hour))
	wantInt(t, "DeleteIdleKnownDevices", n, err, 1)
	_, err = s.KnownDeviceByHash(ctx, "known-4")
	wantErr(t, "KnownDeviceByHash(idle, deleted)", err, core.ErrNotFound)
	_, err = s.KnownDeviceByHash(ctx, "known-1")
	wantOK(t, "KnownDeviceByHash(in use, kept)", err)
}
