package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

func testDeleteExpired(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	wantOK(t, "ReplaceRecoveryCodes", s.ReplaceRecoveryCodes(ctx, "a", [][]byte{[]byte("r")}, at(0)))
	wantOK(t, "AddEvent", s.AddEvent(ctx, &core.Event{UserID: "a", Type: "login", At: at(0)}))
	ok, err := s.SwapThrottle(ctx, core.Throttle{Key: "k"}, core.Throttle{Key: "k", Failures: 1, LastFailure: at(0)})
	wantBool(t, "SwapThrottle", ok, err, true)

	now := at(time.Hour)
	past, future := at(30*time.Minute), at(2*time.Hour)

	for _, sess := range []core.Session{
		{TokenHash: "s-old", UserID: "a", CreatedAt: at(0), ExpiresAt: past},
		{TokenHash: "s-new", UserID: "a", CreatedAt: at(0), ExpiresAt: future},
	} {
		wantOK(t, "CreateSession", s.CreateSession(ctx, &sess))
	}
	newChallenge(t, s, "c-old", "a", past)
	newChallenge(t, s, "c-new", "a", future)
	for _, c := range []core.EmailCode{
		{ID: "e-old", UserID: "a", Purpose: "old", CodeHash: []byte("h"), CreatedAt: at(0), ExpiresAt: past},
		{ID: "e-new", UserID: "a", Purpose: "new", CodeHash: []byte("h"), CreatedAt: at(0), ExpiresAt: future},
	} {
		wantOK(t, "CreateEmailCode", s.CreateEmailCode(ctx, &c))
	}
	newDevice(t, s, "d-old", "a", at(0), past)
	dNew := newDevice(t, s, "d-new", "a", at(0), future)

	n, err := s.DeleteExpired(ctx, now)
	wantInt(t, "DeleteExpired", n, err, 4)
	n, err = s.DeleteExpired(ctx, now)
	wantInt(t, "DeleteExpired again", n, err, 0)

	// The expired rows are gone even for a caller that looks at an earlier time.
	_, err = s.SessionByHash(ctx, "s-old", at(0))
	wantErr(t, "expired session", err, core.ErrNotFound)
	_, err = s.SessionByHash(ctx, "s-new", now)
	wantOK(t, "live session", err)
	_, err = s.ChallengeByHash(ctx, "c-old")
	wantErr(t, "expired challenge", err, core.ErrNotFound)
	_, err = s.ChallengeByHash(ctx, "c-new")
	wantOK(t, "live challenge", err)
	_, err = s.LatestEmailCode(ctx, "a", "old")
	wantErr(t, "expired email code", err, core.ErrNotFound)
	_, err = s.LatestEmailCode(ctx, "a", "new")
	wantOK(t, "live email code", err)
	checkDevices(t, listDevices(t, s, "a", at(0)), dNew)

	// Nothing else is touched.
	getUser(t, s, "a")
	left, err := s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft", left, err, 1)
	events, err := s.Events(ctx, "a", core.EventCursor{}, 10)
	wantOK(t, "Events", err)
	same(t, "events kept", len(events), 1)
	same(t, "throttle kept", getThrottle(t, s, "k").Failures, 1)
}

func testPing(t *testing.T, s core.Store) {
	wantOK(t, "Ping", s.Ping(t.Context()))
}
