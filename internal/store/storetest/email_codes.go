package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkEmailCode compares every field of got with want.
func checkEmailCode(t *testing.T, got, want *core.EmailCode) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "UserID", got.UserID, want.UserID)
	same(t, "Purpose", got.Purpose, want.Purpose)
	sameBytes(t, "CodeHash", got.CodeHash, want.CodeHash)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	same(t, "Attempts", got.Attempts, want.Attempts)
	sameTime(t, "UsedAt", got.UsedAt, want.UsedAt)
	same(t, "Target", got.Target, want.Target)
	sameBytes(t, "Sealed", got.Sealed, want.Sealed)
}

// newEmailCode creates a code with hash "hash-"+id, made at created and
// valid for ten minutes.
func newEmailCode(t *testing.T, s core.Store, id, userID, purpose string, created time.Time) *core.EmailCode {
	t.Helper()
	c := &core.EmailCode{
		ID:        id,
		UserID:    userID,
		Purpose:   purpose,
		CodeHash:  []byte("hash-" + id),
		CreatedAt: created,
		ExpiresAt: created.Add(10 * time.Minute),
		Target:    userID + "@example.com",
		Sealed:    []byte("sealed-" + id),
	}
	if err := s.CreateEmailCode(t.Context(), c); err != nil {
		t.Fatalf("CreateEmailCode(%s): %v", id, err)
	}
	return c
}

// latestEmailCode returns the latest code or fails the test.
func latestEmailCode(t *testing.T, s core.Store, userID, purpose string) *core.EmailCode {
	t.Helper()
	c, err := s.LatestEmailCode(t.Context(), userID, purpose)
	if err != nil {
		t.Fatalf("LatestEmailCode(%s, %s): %v", userID, purpose, err)
	}
	return c
}

func testEmailCodeReplaces(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	c1 := newEmailCode(t, s, "e1", "a", "login:c1", at(0))
	checkEmailCode(t, latestEmailCode(t, s, "a", "login:c1"), c1)
	_, err := s.LatestEmailCode(ctx, "a", "login:other")
	wantErr(t, "LatestEmailCode(other purpose)", err, core.ErrNotFound)
	_, err = s.LatestEmailCode(ctx, "b", "login:c1")
	wantErr(t, "LatestEmailCode(other user)", err, core.ErrNotFound)

	stepUp := newEmailCode(t, s, "e2", "a", "stepup:s1", at(0))
	theirs := newEmailCode(t, s, "e3", "b", "login:c1", at(0))

	// A new code for the same user and purpose replaces the earlier one.
	c4 := newEmailCode(t, s, "e4", "a", "login:c1", at(time.Minute))
	checkEmailCode(t, latestEmailCode(t, s, "a", "login:c1"), c4)
	ok, err := s.ConsumeEmailCode(ctx, "e1", c1.CodeHash, 5, at(2*time.Minute))
	wantBool(t, "ConsumeEmailCode(replaced code)", ok, err, false)
	_, err = s.AddEmailCodeAttempt(ctx, "e1")
	wantErr(t, "AddEmailCodeAttempt(replaced code)", err, core.ErrNotFound)

	checkEmailCode(t, latestEmailCode(t, s, "a", "stepup:s1"), stepUp)
	checkEmailCode(t, latestEmailCode(t, s, "b", "login:c1"), theirs)
}

func testConsumeEmailCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	c := newEmailCode(t, s, "e1", "a", "login:c1", at(0)) // expires at(10m)
	consume := func(what string, hash []byte, max int, when time.Time, want bool) {
		t.Helper()
		ok, err := s.ConsumeEmailCode(ctx, "e1", hash, max, when)
		wantBool(t, what, ok, err, want)
	}

	consume("ConsumeEmailCode with a wrong hash", []byte("hash-wrong"), 5, at(time.Minute), false)
	consume("ConsumeEmailCode with no hash", nil, 5, at(time.Minute), false)
	consume("ConsumeEmailCode at its expiry", c.CodeHash, 5, at(10*time.Minute), false)
	consume("ConsumeEmailCode after its expiry", c.CodeHash, 5, at(11*time.Minute), false)

	for want := 1; want <= 3; want++ {
		n, err := s.AddEmailCodeAttempt(ctx, "e1")
		wantInt(t, "AddEmailCodeAttempt", n, err, want)
	}
	consume("ConsumeEmailCode with attempts at the limit", c.CodeHash, 3, at(time.Minute), false)
	consume("ConsumeEmailCode with attempts below the limit", c.CodeHash, 4, at(time.Minute), true)
	consume("ConsumeEmailCode again", c.CodeHash, 4, at(2*time.Minute), false)

	want := *c
	want.Attempts = 3
	want.UsedAt = at(time.Minute)
	checkEmailCode(t, latestEmailCode(t, s, "a", "login:c1"), &want)

	ok, err := s.ConsumeEmailCode(ctx, "unknown", c.CodeHash, 5, at(time.Minute))
	wantBool(t, "ConsumeEmailCode(unknown)", ok, err, false)
	_, err = s.AddEmailCodeAttempt(ctx, "unknown")
	wantErr(t, "AddEmailCodeAttempt(unknown)", err, core.ErrNotFound)
}
