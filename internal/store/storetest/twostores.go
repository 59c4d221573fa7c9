package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TwoStores checks two stores opened on one database, as two instances
// would: each sees the other's writes, a TOTP step, a recovery code, an
// OIDC authorization code or refresh token raced across both is accepted
// once, and senders on both claim each queued mail once. a and b must
// start empty.
func TwoStores(t *testing.T, a, b core.Store) {
	t.Helper()
	ctx := t.Context()
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: at(0)}
	if err := a.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := b.UserByEmail(ctx, "u@example.com"); err != nil {
		t.Fatalf("second store does not see the first one's user: %v", err)
	}
	if err := b.SetTOTPPending(ctx, "u", []byte("sealed")); err != nil {
		t.Fatal(err)
	}
	ok, err := a.EnableTOTP(ctx, "u", []byte("sealed"), []byte("sealed"), 10, [][]byte{[]byte("r")}, at(0))
	if err != nil || !ok {
		t.Fatalf("EnableTOTP through the first store of a secret set through the second = %v, %v", ok, err)
	}

	stores := []core.Store{a, b}
	for step := int64(11); step < 16; step++ {
		wins := Race(t, 50, func(i int) (bool, error) {
			return stores[i%2].UseTOTPStep(ctx, "u", step)
		})
		if wins != 1 {
			t.Errorf("step %d: %d of 50 calls across two stores succeeded, want 1", step, wins)
		}
	}
	wins := Race(t, 50, func(i int) (bool, error) {
		return stores[i%2].UseRecoveryCode(ctx, "u", []byte("r"), at(0))
	})
	if wins != 1 {
		t.Errorf("recovery code: %d of 50 calls across two stores succeeded, want 1", wins)
	}
	for i, s := range stores {
		got, err := s.UserByID(ctx, "u")
		if err != nil {
			t.Fatal(err)
		}
		if got.TOTPLastStep != 15 {
			t.Errorf("store %d: TOTPLastStep = %d, want 15", i, got.TOTPLastStep)
		}
	}

	newOIDCClient(t, a, "c1")
	doneOIDCRequest(t, b, "r1", "c1", "u", []byte("code"), at(10*time.Minute))
	wins = Race(t, 50, func(i int) (bool, error) {
		r, ok, err := stores[i%2].RedeemOIDCAuthCode(ctx, []byte("code"), at(time.Minute))
		if err == nil && (r == nil || r.RedeemedAt.IsZero()) {
			t.Errorf("call %d: RedeemOIDCAuthCode = %+v, %v; want the request as redeemed", i, r, ok)
		}
		return ok, err
	})
	if wins != 1 {
		t.Errorf("OIDC code: %d of 50 calls across two stores succeeded, want 1", wins)
	}
	newRefreshToken(t, a, "rt1", "c1", "u", "r1", at(time.Hour))
	wins = Race(t, 50, func(i int) (bool, error) {
		return stores[i%2].UseOIDCRefreshToken(ctx, refreshHash("rt1"), at(time.Minute))
	})
	if wins != 1 {
		t.Errorf("OIDC refresh token: %d of 50 calls across two stores succeeded, want 1", wins)
	}

	const mails = 30
	for i := range mails {
		enqueue(t, stores[i%2], "m"+strconv.Itoa(i), at(time.Duration(i)*time.Millisecond), at(time.Hour))
	}
	ClaimedOnce(t, stores, mails)
}
