package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkChallenge compares every field of got with want.
func checkChallenge(t *testing.T, got, want *core.Challenge) {
	t.Helper()
	same(t, "TokenHash", got.TokenHash, want.TokenHash)
	same(t, "UserID", got.UserID, want.UserID)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	same(t, "Attempts", got.Attempts, want.Attempts)
	sameTime(t, "UsedAt", got.UsedAt, want.UsedAt)
	same(t, "IP", got.IP, want.IP)
	same(t, "UserAgent", got.UserAgent, want.UserAgent)
	same(t, "KnownDeviceID", got.KnownDeviceID, want.KnownDeviceID)
}

// newChallenge creates a challenge of the user that expires at expires.
func newChallenge(t *testing.T, s core.Store, tokenHash, userID string, expires time.Time) *core.Challenge {
	t.Helper()
	c := &core.Challenge{
		TokenHash:     tokenHash,
		UserID:        userID,
		CreatedAt:     at(0),
		ExpiresAt:     expires,
		IP:            "2001:db8::1",
		UserAgent:     "twofa-cli/1.0",
		KnownDeviceID: "k_" + tokenHash,
	}
	if err := s.CreateChallenge(t.Context(), c); err != nil {
		t.Fatalf("CreateChallenge(%s): %v", tokenHash, err)
	}
	return c
}

func getChallenge(t *testing.T, s core.Store, tokenHash string) *core.Challenge {
	t.Helper()
	c, err := s.ChallengeByHash(t.Context(), tokenHash)
	if err != nil {
		t.Fatalf("ChallengeByHash(%s): %v", tokenHash, err)
	}
	return c
}

func testChallenges(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	c := newChallenge(t, s, "c1", "a", at(5*time.Minute))
	checkChallenge(t, getChallenge(t, s, "c1"), c)
	_, err := s.ChallengeByHash(ctx, "unknown")
	wantErr(t, "ChallengeByHash(unknown)", err, core.ErrNotFound)
	dup := *c
	wantErr(t, "CreateChallenge with a taken hash", s.CreateChallenge(ctx, &dup), core.ErrConflict)

	n, err := s.AddChallengeAttempt(ctx, "c1")
	wantInt(t, "AddChallengeAttempt", n, err, 1)
	n, err = s.AddChallengeAttempt(ctx, "c1")
	wantInt(t, "AddChallengeAttempt", n, err, 2)
	same(t, "Attempts", getChallenge(t, s, "c1").Attempts, 2)
	_, err = s.AddChallengeAttempt(ctx, "unknown")
	wantErr(t, "AddChallengeAttempt(unknown)", err, core.ErrNotFound)

	ok, err := s.ConsumeChallenge(ctx, "c1", at(time.Minute))
	wantBool(t, "ConsumeChallenge", ok, err, true)
	ok, err = s.ConsumeChallenge(ctx, "c1", at(2*time.Minute))
	wantBool(t, "ConsumeChallenge again", ok, err, false)
	want := *c
	want.Attempts = 2
	want.UsedAt = at(time.Minute)
	checkChallenge(t, getChallenge(t, s, "c1"), &want)

	ok, err = s.ConsumeChallenge(ctx, "unknown", at(time.Minute))
	wantBool(t, "ConsumeChallenge(unknown)", ok, err, false)
}

func testConsumeChallengeExpiry(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	c := newChallenge(t, s, "c1", "a", at(5*time.Minute))

	ok, err := s.ConsumeChallenge(ctx, "c1", at(5*time.Minute))
	wantBool(t, "ConsumeChallenge at its expiry", ok, err, false)
	ok, err = s.ConsumeChallenge(ctx, "c1", at(6*time.Minute))
	wantBool(t, "ConsumeChallenge after its expiry", ok, err, false)
	// An expired challenge is still returned, unused.
	checkChallenge(t, getChallenge(t, s, "c1"), c)

	ok, err = s.ConsumeChallenge(ctx, "c1", at(5*time.Minute-time.Microsecond))
	wantBool(t, "ConsumeChallenge just before its expiry", ok, err, true)
}
