package storetest

import (
	"bytes"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// workers is how many goroutines race for the same thing.
const workers = 50

// Race runs fn from n goroutines released at the same moment and returns
// how many of them reported true. An error from fn fails the test.
// Backends use it too, for races across several Store values on one
// database.
func Race(t *testing.T, n int, fn func(i int) (bool, error)) int {
	t.Helper()
	var (
		wins  atomic.Int64
		start = make(chan struct{})
		wg    sync.WaitGroup
	)
	for i := range n {
		wg.Go(func() {
			<-start
			ok, err := fn(i)
			if err != nil {
				t.Errorf("goroutine %d: %v", i, err)
				return
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	return int(wins.Load())
}

// wantOneWinner fails the test unless exactly one goroutine won.
func wantOneWinner(t *testing.T, what string, wins int) {
	t.Helper()
	if wins != 1 {
		t.Errorf("%s: %d of %d concurrent calls succeeded, want exactly 1", what, wins, workers)
	}
}

func testConcurrentUseTOTPStep(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	enableTOTP(t, s, "a", []byte("secret"), 1000)
	wins := Race(t, workers, func(int) (bool, error) { return s.UseTOTPStep(ctx, "a", 1001) })
	wantOneWinner(t, "UseTOTPStep with one step", wins)
	same(t, "TOTPLastStep", getUser(t, s, "a").TOTPLastStep, 1001)

	// Different steps at once: the last accepted step only moves forward.
	Race(t, workers, func(i int) (bool, error) { return s.UseTOTPStep(ctx, "a", 1002+int64(i)) })
	same(t, "TOTPLastStep after racing steps", getUser(t, s, "a").TOTPLastStep, 1001+workers)
}

func testConcurrentEnableTOTP(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	wantOK(t, "SetTOTPPending", s.SetTOTPPending(ctx, "a", []byte("pending")))
	wins := Race(t, workers, func(i int) (bool, error) {
		codes := [][]byte{[]byte("code-" + strconv.Itoa(i))}
		return s.EnableTOTP(ctx, "a", []byte("pending"), []byte("pending"), 7, codes, at(0))
	})
	wantOneWinner(t, "EnableTOTP", wins)
	n, err := s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft", n, err, 1)
}

func testConcurrentUseRecoveryCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	wantOK(t, "ReplaceRecoveryCodes", s.ReplaceRecoveryCodes(ctx, "a",
		[][]byte{[]byte("code"), []byte("spare")}, at(0)))
	wins := Race(t, workers, func(int) (bool, error) {
		return s.UseRecoveryCode(ctx, "a", []byte("code"), at(time.Minute))
	})
	wantOneWinner(t, "UseRecoveryCode", wins)
	n, err := s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft", n, err, 1)
}

func testConcurrentConsumeEmailCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	c := newEmailCode(t, s, "e1", "a", "login:c1", at(0))
	wins := Race(t, workers, func(int) (bool, error) {
		return s.ConsumeEmailCode(ctx, "e1", c.CodeHash, 5, at(time.Minute))
	})
	wantOneWinner(t, "ConsumeEmailCode", wins)
}

func testConcurrentConsumeChallenge(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newChallenge(t, s, "c1", "a", at(5*time.Minute))
	wins := Race(t, workers, func(int) (bool, error) {
		return s.ConsumeChallenge(ctx, "c1", at(time.Minute))
	})
	wantOneWinner(t, "ConsumeChallenge", wins)
}

func testConcurrentChallengeAttempts(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newChallenge(t, s, "c1", "a", at(5*time.Minute))
	seen := make([]atomic.Int64, workers+1)
	Race(t, workers, func(int) (bool, error) {
		n, err := s.AddChallengeAttempt(ctx, "c1")
		if err == nil && n >= 1 && n <= workers {
			seen[n].Add(1)
		}
		return true, err
	})
	for n := 1; n <= workers; n++ {
		if c := seen[n].Load(); c != 1 {
			t.Errorf("AddChallengeAttempt returned %d %d times, want once", n, c)
		}
	}
	same(t, "Attempts", getChallenge(t, s, "c1").Attempts, workers)
}

func testConcurrentSwapThrottle(t *testing.T, s core.Store) {
	ctx := t.Context()
	const key = "totp:a"
	Race(t, workers, func(i int) (bool, error) {
		// Read, compute, swap; on a lost race read again. The bound only
		// stops a broken store from spinning forever.
		for range 100 * workers {
			cur, err := s.Throttle(ctx, key)
			if err != nil {
				return false, err
			}
			next := cur
			next.Failures++
			next.LastFailure = at(time.Duration(i) * time.Second)
			ok, err := s.SwapThrottle(ctx, cur, next)
			if err != nil || ok {
				return ok, err
			}
		}
		t.Errorf("goroutine %d never won a swap", i)
		return false, nil
	})
	th := getThrottle(t, s, key)
	same(t, "Failures", th.Failures, workers)
	same(t, "Version", th.Version, int64(workers))
}

func testConcurrentPutSetting(t *testing.T, s core.Store) {
	ctx := t.Context()
	got := make([][]byte, workers)
	Race(t, workers, func(i int) (bool, error) {
		v, err := s.PutSettingIfAbsent(ctx, "key", []byte("value-"+strconv.Itoa(i)))
		got[i] = v
		return true, err
	})
	stored, err := s.Setting(ctx, "key")
	wantOK(t, "Setting", err)
	for i, v := range got {
		if !bytes.Equal(v, stored) {
			t.Errorf("PutSettingIfAbsent %d returned %q, but %q is stored", i, v, stored)
		}
	}
}

func testConcurrentRedeemOIDCAuthCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	doneOIDCRequest(t, s, "r1", "c1", "a", []byte("code"), at(10*time.Minute))
	wins := Race(t, workers, func(i int) (bool, error) {
		r, ok, err := s.RedeemOIDCAuthCode(ctx, []byte("code"), at(time.Minute+time.Duration(i)*time.Millisecond))
		if err == nil && (r == nil || r.ID != "r1" || r.RedeemedAt.IsZero()) {
			t.Errorf("goroutine %d: RedeemOIDCAuthCode = %+v, %v; want r1 as redeemed", i, r, ok)
		}
		return ok, err
	})
	wantOneWinner(t, "RedeemOIDCAuthCode", wins)
}

func testConcurrentUseOIDCRefreshToken(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	newRefreshToken(t, s, "rt1", "c1", "a", "g1", at(time.Hour))
	wins := Race(t, workers, func(int) (bool, error) {
		return s.UseOIDCRefreshToken(ctx, refreshHash("rt1"), at(time.Minute))
	})
	wantOneWinner(t, "UseOIDCRefreshToken", wins)
}

func testConcurrentCompleteOIDCAuthRequest(t *testing.T, s core.Store) {
	ctx := t.Context()
	users := []string{"a", "b"}
	for _, u := range users {
		newUser(t, s, u)
	}
	newOIDCClient(t, s, "c1")
	newOIDCRequest(t, s, "r1", "c1", at(10*time.Minute))
	var winner atomic.Value
	wins := Race(t, workers, func(i int) (bool, error) {
		user := users[i%2]
		ok, err := s.CompleteOIDCAuthRequest(ctx, "r1", user, at(0), []string{"pwd"}, at(time.Minute))
		if ok {
			winner.Store(user)
		}
		return ok, err
	})
	wantOneWinner(t, "CompleteOIDCAuthRequest", wins)
	if w, _ := winner.Load().(string); w != "" {
		same(t, "UserID", getOIDCRequest(t, s, "r1").UserID, w)
	}
}

func testConcurrentSetOIDCAuthCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	newOIDCRequest(t, s, "r1", "c1", at(10*time.Minute))
	ok, err := s.CompleteOIDCAuthRequest(ctx, "r1", "a", at(0), nil, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest", ok, err, true)
	var winner atomic.Value
	wins := Race(t, workers, func(i int) (bool, error) {
		code := []byte("code-" + strconv.Itoa(i))
		ok, err := s.SetOIDCAuthCode(ctx, "r1", code)
		if ok {
			winner.Store(code)
		}
		return ok, err
	})
	wantOneWinner(t, "SetOIDCAuthCode", wins)
	if w, _ := winner.Load().([]byte); w != nil {
		sameBytes(t, "CodeHash", getOIDCRequest(t, s, "r1").CodeHash, w)
	}
}

// testConcurrentHoldThrottle: transactions that hold a key read, change
// and write its record one after another, so every single swap succeeds
// (without the hold, two of them read the same version and one loses).
// Outside a transaction HoldThrottle fails rather than hold nothing.
func testConcurrentHoldThrottle(t *testing.T, s core.Store) {
	ctx := t.Context()
	const key = "2fa:held"
	if _, err := s.HoldThrottle(ctx, key); err == nil {
		t.Error("HoldThrottle outside a transaction succeeded, want an error")
	}
	wins := Race(t, workers, func(i int) (bool, error) {
		var ok bool
		err := s.InTx(ctx, func(tx core.Store) error {
			cur, err := tx.HoldThrottle(ctx, key)
			if err != nil {
				return err
			}
			next := cur
			next.Failures++
			next.LastFailure = at(time.Duration(i) * time.Second)
			ok, err = tx.SwapThrottle(ctx, cur, next)
			return err
		})
		return ok, err
	})
	same(t, "swaps that succeeded at the first try", wins, workers)
	same(t, "Failures", getThrottle(t, s, key).Failures, workers)
}
