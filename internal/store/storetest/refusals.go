package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testMissingUser: rows pointing at an account that does not exist are
// refused with core.ErrNotFound.
func testMissingUser(t *testing.T, s core.Store) {
	ctx := t.Context()
	err := s.CreateSession(ctx, &core.Session{TokenHash: "t", UserID: "nobody", CreatedAt: at(0), ExpiresAt: at(time.Hour)})
	if !errors.Is(err, core.ErrNotFound) {
		t.Errorf("CreateSession for a missing user: %v, want ErrNotFound", err)
	}
	err = s.ReplaceRecoveryCodes(ctx, "nobody", [][]byte{[]byte("r")}, at(0))
	if !errors.Is(err, core.ErrNotFound) {
		t.Errorf("ReplaceRecoveryCodes for a missing user: %v, want ErrNotFound", err)
	}
}

// testZeroUseTime: a use at the zero time, which would read back as
// "never used", is refused.
func testZeroUseTime(t *testing.T, s core.Store) {
	ctx := t.Context()
	if _, err := s.UseRecoveryCode(ctx, "u", []byte("r"), time.Time{}); err == nil {
		t.Error("UseRecoveryCode at the zero time worked")
	}
	if _, err := s.ConsumeChallenge(ctx, "c", time.Time{}); err == nil {
		t.Error("ConsumeChallenge at the zero time worked")
	}
	if _, err := s.ConsumeEmailCode(ctx, "e", []byte("h"), 5, time.Time{}); err == nil {
		t.Error("ConsumeEmailCode at the zero time worked")
	}
}
