package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkDevice compares every field of got with want.
func checkDevice(t *testing.T, got, want *core.TrustedDevice) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "TokenHash", got.TokenHash, want.TokenHash)
	same(t, "UserID", got.UserID, want.UserID)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	sameTime(t, "LastUsed", got.LastUsed, want.LastUsed)
	same(t, "IP", got.IP, want.IP)
	same(t, "UserAgent", got.UserAgent, want.UserAgent)
}

// checkDevices compares a list of devices with want, in order.
func checkDevices(t *testing.T, got []core.TrustedDevice, want ...*core.TrustedDevice) {
	t.Helper()
	if len(got) != len(want) {
		ids := make([]string, len(got))
		for i := range got {
			ids[i] = got[i].ID
		}
		t.Errorf("devices = %v, want %d of them", ids, len(want))
		return
	}
	for i := range got {
		checkDevice(t, &got[i], want[i])
	}
}

// newDevice creates a trusted device of the user with token hash "token-"+id.
func newDevice(t *testing.T, s core.Store, id, userID string, created, expires time.Time) *core.TrustedDevice {
	t.Helper()
	d := &core.TrustedDevice{
		ID:        id,
		TokenHash: "token-" + id,
		UserID:    userID,
		CreatedAt: created,
		ExpiresAt: expires,
		LastUsed:  created,
		IP:        "198.51.100.7",
		UserAgent: "Firefox",
	}
	if err := s.CreateTrustedDevice(t.Context(), d); err != nil {
		t.Fatalf("CreateTrustedDevice(%s): %v", id, err)
	}
	return d
}

// listDevices returns the user's devices at now or fails the test.
func listDevices(t *testing.T, s core.Store, userID string, now time.Time) []core.TrustedDevice {
	t.Helper()
	list, err := s.TrustedDevices(t.Context(), userID, now)
	if err != nil {
		t.Fatalf("TrustedDevices(%s): %v", userID, err)
	}
	return list
}

func testTrustedDevices(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	month := 30 * 24 * time.Hour
	d1 := newDevice(t, s, "d1", "a", at(0), at(month))
	d2 := newDevice(t, s, "d2", "a", at(time.Hour), at(month))
	d3 := newDevice(t, s, "d3", "a", at(2*time.Hour), at(3*time.Hour))
	d4 := newDevice(t, s, "d4", "b", at(0), at(month))

	now := at(4 * time.Hour)
	checkDevices(t, listDevices(t, s, "a", now), d2, d1)
	checkDevices(t, listDevices(t, s, "a", at(150*time.Minute)), d3, d2, d1)
	checkDevices(t, listDevices(t, s, "a", at(3*time.Hour)), d2, d1)
	checkDevices(t, listDevices(t, s, "b", now), d4)
	checkDevices(t, listDevices(t, s, "nobody", now))

	got, err := s.TrustedDeviceByHash(ctx, "token-d1", now)
	wantOK(t, "TrustedDeviceByHash", err)
	checkDevice(t, got, d1)
	_, err = s.TrustedDeviceByHash(ctx, "token-d3", at(3*time.Hour))
	wantErr(t, "TrustedDeviceByHash at its expiry", err, core.ErrNotFound)
	_, err = s.TrustedDeviceByHash(ctx, "token-d3", now)
	wantErr(t, "TrustedDeviceByHash after its expiry", err, core.ErrNotFound)
	_, err = s.TrustedDeviceByHash(ctx, "unknown", now)
	wantErr(t, "TrustedDeviceByHash(unknown)", err, core.ErrNotFound)

	dup := *d1
	dup.ID = "d5"
	wantErr(t, "CreateTrustedDevice with a taken token hash", s.CreateTrustedDevice(ctx, &dup), core.ErrConflict)

	wantOK(t, "TouchTrustedDevice", s.TouchTrustedDevice(ctx, "d1", at(5*time.Hour), "203.0.113.9", "Chrome"))
	want := *d1
	want.LastUsed, want.IP, want.UserAgent = at(5*time.Hour), "203.0.113.9", "Chrome"
	got, err = s.TrustedDeviceByHash(ctx, "token-d1", now)
	wantOK(t, "TrustedDeviceByHash", err)
	checkDevice(t, got, &want)
	wantErr(t, "TouchTrustedDevice(unknown)",
		s.TouchTrustedDevice(ctx, "unknown", at(0), "", ""), core.ErrNotFound)
}

func testDeleteTrustedDevices(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	month := 30 * 24 * time.Hour
	newDevice(t, s, "d1", "a", at(0), at(month))
	d2 := newDevice(t, s, "d2", "a", at(time.Hour), at(month))
	d3 := newDevice(t, s, "d3", "b", at(0), at(month))

	// One account cannot delete another's device by guessing its id.
	wantErr(t, "DeleteTrustedDevice of another user's device",
		s.DeleteTrustedDevice(ctx, "a", "d3"), core.ErrNotFound)
	checkDevices(t, listDevices(t, s, "b", at(0)), d3)

	wantOK(t, "DeleteTrustedDevice", s.DeleteTrustedDevice(ctx, "a", "d1"))
	wantErr(t, "DeleteTrustedDevice again", s.DeleteTrustedDevice(ctx, "a", "d1"), core.ErrNotFound)
	checkDevices(t, listDevices(t, s, "a", at(0)), d2)

	wantOK(t, "DeleteTrustedDevices", s.DeleteTrustedDevices(ctx, "a"))
	checkDevices(t, listDevices(t, s, "a", at(0)))
	_, err := s.TrustedDeviceByHash(ctx, "token-d2", at(0))
	wantErr(t, "TrustedDeviceByHash after DeleteTrustedDevices", err, core.ErrNotFound)
	checkDevices(t, listDevices(t, s, "b", at(0)), d3)
	wantOK(t, "DeleteTrustedDevices with none", s.DeleteTrustedDevices(ctx, "a"))
}
