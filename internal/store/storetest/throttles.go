package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkThrottle compares every field of got with want.
func checkThrottle(t *testing.T, got, want core.Throttle) {
	t.Helper()
	same(t, "Key", got.Key, want.Key)
	same(t, "Failures", got.Failures, want.Failures)
	sameTime(t, "LastFailure", got.LastFailure, want.LastFailure)
	sameTime(t, "LockedUntil", got.LockedUntil, want.LockedUntil)
	same(t, "Version", got.Version, want.Version)
}

// getThrottle returns the record for key or fails the test.
func getThrottle(t *testing.T, s core.Store, key string) core.Throttle {
	t.Helper()
	th, err := s.Throttle(t.Context(), key)
	if err != nil {
		t.Fatalf("Throttle(%s): %v", key, err)
	}
	return th
}

func testThrottles(t *testing.T, s core.Store) {
	ctx := t.Context()
	const key = "login-ip:192.0.2.1"
	none := getThrottle(t, s, key)
	checkThrottle(t, none, core.Throttle{Key: key})

	// next.Version is the store's business: whatever the caller puts there
	// is ignored.
	first := core.Throttle{Key: key, Failures: 1, LastFailure: at(0), Version: 99}
	ok, err := s.SwapThrottle(ctx, none, first)
	wantBool(t, "SwapThrottle creating the record", ok, err, true)
	checkThrottle(t, getThrottle(t, s, key),
		core.Throttle{Key: key, Failures: 1, LastFailure: at(0), Version: 1})

	// Someone else created the record first.
	ok, err = s.SwapThrottle(ctx, none, core.Throttle{Key: key, Failures: 7})
	wantBool(t, "SwapThrottle creating an existing record", ok, err, false)

	cur := getThrottle(t, s, key)
	next := cur
	next.Failures = 2
	next.LastFailure = at(time.Minute)
	next.LockedUntil = at(6 * time.Minute)
	ok, err = s.SwapThrottle(ctx, cur, next)
	wantBool(t, "SwapThrottle", ok, err, true)
	checkThrottle(t, getThrottle(t, s, key), core.Throttle{
		Key: key, Failures: 2, LastFailure: at(time.Minute), LockedUntil: at(6 * time.Minute), Version: 2,
	})

	// A swap based on a stale read loses.
	stale := next
	stale.Failures = 100
	ok, err = s.SwapThrottle(ctx, cur, stale)
	wantBool(t, "SwapThrottle from a stale version", ok, err, false)
	ok, err = s.SwapThrottle(ctx, core.Throttle{Key: key, Version: 9}, stale)
	wantBool(t, "SwapThrottle from a future version", ok, err, false)
	same(t, "Failures after lost swaps", getThrottle(t, s, key).Failures, 2)

	// Other keys are separate records.
	checkThrottle(t, getThrottle(t, s, "totp:a"), core.Throttle{Key: "totp:a"})
	ok, err = s.SwapThrottle(ctx, core.Throttle{Key: "totp:a"}, core.Throttle{Key: "totp:a", Failures: 1})
	wantBool(t, "SwapThrottle on another key", ok, err, true)
	same(t, "Failures of the first key", getThrottle(t, s, key).Failures, 2)
}

func testResetThrottle(t *testing.T, s core.Store) {
	ctx := t.Context()
	const key = "totp:a"
	ok, err := s.SwapThrottle(ctx, core.Throttle{Key: key},
		core.Throttle{Key: key, Failures: 5, LastFailure: at(0), LockedUntil: at(time.Hour)})
	wantBool(t, "SwapThrottle", ok, err, true)
	cur := getThrottle(t, s, key)
	ok, err = s.SwapThrottle(ctx, cur, core.Throttle{Key: key, Failures: 6})
	wantBool(t, "SwapThrottle", ok, err, true)
	cur = getThrottle(t, s, key)

	wantOK(t, "ResetThrottle", s.ResetThrottle(ctx, key))
	checkThrottle(t, getThrottle(t, s, key), core.Throttle{Key: key})
	wantOK(t, "ResetThrottle of a missing record", s.ResetThrottle(ctx, key))

	// A swap read before the reset must not resurrect the record.
	ok, err = s.SwapThrottle(ctx, cur, core.Throttle{Key: key, Failures: 7})
	wantBool(t, "SwapThrottle read before the reset", ok, err, false)
	checkThrottle(t, getThrottle(t, s, key), core.Throttle{Key: key})

	ok, err = s.SwapThrottle(ctx, core.Throttle{Key: key}, core.Throttle{Key: key, Failures: 1, LastFailure: at(time.Minute)})
	wantBool(t, "SwapThrottle after the reset", ok, err, true)
	checkThrottle(t, getThrottle(t, s, key),
		core.Throttle{Key: key, Failures: 1, LastFailure: at(time.Minute), Version: 1})
}

// testDeleteIdleThrottles: only records under the prefix, idle since
// before the cut-off and not locked go.
func testDeleteIdleThrottles(t *testing.T, s core.Store) {
	ctx := t.Context()
	put := func(key string, last, locked time.Time) {
		t.Helper()
		ok, err := s.SwapThrottle(ctx, core.Throttle{Key: key}, core.Throttle{Key: key, Failures: 1, LastFailure: last, LockedUntil: locked})
		wantBool(t, "SwapThrottle "+key, ok, err, true)
	}
	put("login-ip:old", at(0), time.Time{})
	put("login-ip:recent", at(100*time.Minute), time.Time{})
	put("login-ip:locked", at(0), at(500*time.Minute))
	put("2fa:old", at(0), time.Time{})
	n, err := s.DeleteIdleThrottles(ctx, "login-ip:", at(50*time.Minute), at(200*time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("DeleteIdleThrottles = %d, %v; want 1", n, err)
	}
	for key, kept := range map[string]bool{"login-ip:old": false, "login-ip:recent": true, "login-ip:locked": true, "2fa:old": true} {
		if got := getThrottle(t, s, key).Version != 0; got != kept {
			t.Errorf("%s kept = %v, want %v", key, got, kept)
		}
	}
}
