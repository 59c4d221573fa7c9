package coretest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// Footprint is what a store holds of one account, read through the
// store's own methods: the account, its sessions (expired ones too),
// trusted and known devices, unused recovery codes, events, open email
// undo links, app consents, and the limit records kept for it, its
// sessions and its known devices.
type Footprint struct {
	User           bool
	Sessions       []core.Session
	TrustedDevices []string // ids
	KnownDevices   []string // ids
	RecoveryCodes  int
	Events         []core.Event
	UndoOpen       bool
	Consents       []string // client ids
	Throttles      []string // keys of the limit records
}

// Empty reports whether the store holds nothing of the account.
func (f Footprint) Empty() bool {
	return !f.User && len(f.Sessions) == 0 && len(f.TrustedDevices) == 0 && len(f.KnownDevices) == 0 &&
		f.RecoveryCodes == 0 && len(f.Events) == 0 && !f.UndoOpen && len(f.Consents) == 0 && len(f.Throttles) == 0
}

// FootprintOf reads the footprint of the account userID from st. The
// limit records it looks for are those named by the account and by the
// sessions and known devices of the account now and, when was is not
// nil, of was (a footprint read earlier: after a deletion the account has
// no sessions or devices left to name them).
func FootprintOf(t testing.TB, st core.Store, userID string, was *Footprint) Footprint {
	t.Helper()
	ctx := context.Background()
	var f Footprint
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("footprint of %s: %s: %v", userID, what, err)
		}
	}
	_, err := st.UserByID(ctx, userID)
	if !errors.Is(err, core.ErrNotFound) {
		must("user", err)
		f.User = true
	}
	f.Sessions, err = st.UserSessions(ctx, userID, time.Time{})
	must("sessions", err)
	devices, err := st.TrustedDevices(ctx, userID, time.Time{})
	must("trusted devices", err)
	for _, d := range devices {
		f.TrustedDevices = append(f.TrustedDevices, d.ID)
	}
	f.KnownDevices, err = st.KnownDeviceIDs(ctx, userID)
	must("known devices", err)
	f.RecoveryCodes, err = st.RecoveryCodesLeft(ctx, userID)
	must("recovery codes", err)
	f.Events, err = st.Events(ctx, userID, core.EventCursor{}, core.MaxEventPage)
	must("events", err)
	f.UndoOpen, err = st.EmailUndoOpen(ctx, userID, time.Time{})
	must("email undo links", err)
	consents, err := st.UserOIDCConsents(ctx, userID)
	must("app consents", err)
	for _, c := range consents {
		f.Consents = append(f.Consents, c.ClientID)
	}
	sessions, known := f.Sessions, f.KnownDevices
	if was != nil {
		sessions, known = append(slices.Clone(sessions), was.Sessions...), append(slices.Clone(known), was.KnownDevices...)
	}
	for _, k := range limitKeys(userID, sessions, known) {
		th, err := st.Throttle(ctx, k)
		must("limit "+k, err)
		if th.Version > 0 && !slices.Contains(f.Throttles, k) {
			f.Throttles = append(f.Throttles, k)
		}
	}
	return f
}

// limitKeys names the limit records an account may have (see the keys in
// internal/core/limits.go): per account and requester (every known device,
// and all unknown devices together), per account, per session and per
// known device.
func limitKeys(userID string, sessions []core.Session, known []string) []string {
	keys := []string{"mail-sessions:" + userID}
	for _, device := range append([]string{"unknown"}, known...) {
		keys = append(keys, "2fa:"+userID+":"+device, "mail-user:"+userID+":"+device)
	}
	for _, d := range known {
		keys = append(keys, "login-device:"+d)
	}
	for _, s := range sessions {
		keys = append(keys, "2fa-session:"+s.ID, "email-confirm:"+s.TokenHash)
	}
	return keys
}
