package storetest

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

func testRecoveryCodes(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	left := func(userID string, want int) {
		t.Helper()
		n, err := s.RecoveryCodesLeft(ctx, userID)
		wantInt(t, "RecoveryCodesLeft("+userID+")", n, err, want)
	}
	use := func(userID, code string, want bool) {
		t.Helper()
		ok, err := s.UseRecoveryCode(ctx, userID, []byte(code), at(0))
		wantBool(t, "UseRecoveryCode("+userID+", "+code+")", ok, err, want)
	}

	left("a", 0)
	wantOK(t, "ReplaceRecoveryCodes", s.ReplaceRecoveryCodes(ctx, "a",
		[][]byte{[]byte("h1"), []byte("h2"), []byte("h3")}, at(0)))
	left("a", 3)
	use("a", "h2", true)
	use("a", "h2", false) // once only
	left("a", 2)
	use("a", "unknown", false)
	use("b", "h1", false) // another account's code
	left("a", 2)

	// The same hash may exist for another account.
	wantOK(t, "ReplaceRecoveryCodes(b)", s.ReplaceRecoveryCodes(ctx, "b", [][]byte{[]byte("h1")}, at(0)))
	left("b", 1)
	left("a", 2)

	// Replacing drops every earlier code, used or not.
	wantOK(t, "ReplaceRecoveryCodes again", s.ReplaceRecoveryCodes(ctx, "a", [][]byte{[]byte("h4")}, at(0)))
	left("a", 1)
	use("a", "h1", false)
	use("a", "h2", false)
	use("a", "h4", true)
	left("a", 0)
	left("b", 1)

	wantOK(t, "ReplaceRecoveryCodes(nil)", s.ReplaceRecoveryCodes(ctx, "b", nil, at(0)))
	left("b", 0)
}
