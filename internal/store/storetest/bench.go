package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// Bench runs the store benchmarks shared by every backend, one
// sub-benchmark per hot operation of a login: UseTOTPStep (every TOTP
// second step), SwapThrottle (every counted attempt) and CreateSession
// followed by SessionByHash (every login, then every signed-in request),
// and what a signed-in request reads: three reads, or SessionViewByHash.
// open must return a fresh, empty store and arrange (with b.Cleanup) for it
// to be closed.
//
// The "parallel" variants run one user per goroutine, 8 goroutines per
// GOMAXPROCS, so they show how the backend serialises concurrent writers.
func Bench(b *testing.B, open func(b *testing.B) core.Store) {
	b.Run("UseTOTPStep", func(b *testing.B) { benchUseTOTPStep(b, open(b)) })
	b.Run("UseTOTPStep/parallel", func(b *testing.B) { benchUseTOTPStepParallel(b, open(b)) })
	b.Run("UseTOTPStepDrift", func(b *testing.B) { benchUseTOTPStepDrift(b, open(b)) })
	b.Run("SwapThrottle/update", func(b *testing.B) { benchSwapThrottle(b, open(b)) })
	b.Run("SwapThrottle/insert-reset", func(b *testing.B) { benchChargeReset(b, open(b)) })
	b.Run("CreateSession+SessionByHash", func(b *testing.B) { benchSessions(b, open(b)) })
	b.Run("SignedInRead/three-reads", func(b *testing.B) { benchSignedInRead(b, open(b), false) })
	b.Run("SignedInRead/SessionViewByHash", func(b *testing.B) { benchSignedInRead(b, open(b), true) })
}

// benchUser creates a user with TOTP active (last step 0).
func benchUser(b *testing.B, ctx context.Context, s core.Store, id string) {
	b.Helper()
	u := &core.User{
		ID: id, Email: id + "@example.com", PasswordHash: "h", CreatedAt: base,
		TOTPSecret: []byte("sealed secret"),
	}
	if err := s.CreateUser(ctx, u); err != nil {
		b.Fatalf("CreateUser: %v", err)
	}
}

func benchUseTOTPStep(b *testing.B, s core.Store) {
	ctx := context.Background()
	benchUser(b, ctx, s, "u")
	step := int64(0)
	b.ReportAllocs()
	for b.Loop() {
		step++
		ok, err := s.UseTOTPStep(ctx, "u", step)
		if err != nil || !ok {
			b.Fatalf("UseTOTPStep(%d) = %v, %v", step, ok, err)
		}
	}
}

func benchUseTOTPStepParallel(b *testing.B, s core.Store) {
	ctx := context.Background()
	var next atomic.Int64
	b.SetParallelism(8)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		id := fmt.Sprintf("u%d", next.Add(1))
		benchUser(b, ctx, s, id)
		step := int64(0)
		for pb.Next() {
			step++
			ok, err := s.UseTOTPStep(ctx, id, step)
			if err != nil || !ok {
				b.Errorf("UseTOTPStep(%s, %d) = %v, %v", id, step, ok, err)
				return
			}
		}
	})
}

// benchSwapThrottle counts failures on one record, each swap building on
// the version the last one stored.
func benchSwapThrottle(b *testing.B, s core.Store) {
	ctx := context.Background()
	old := core.Throttle{Key: "2fa:u"}
	b.ReportAllocs()
	for b.Loop() {
		next := core.Throttle{Key: old.Key, Failures: old.Failures + 1, LastFailure: base, LockedUntil: base.Add(time.Minute)}
		ok, err := s.SwapThrottle(ctx, old, next)
		if err != nil || !ok {
			b.Fatalf("SwapThrottle(version %d) = %v, %v", old.Version, ok, err)
		}
		next.Version = old.Version + 1
		old = next
	}
}

// benchChargeReset is what every accepted second factor costs the limiter:
// read the (absent) record, insert it, delete it on success.
func benchChargeReset(b *testing.B, s core.Store) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		old, err := s.Throttle(ctx, "2fa:u")
		if err != nil {
			b.Fatal(err)
		}
		ok, err := s.SwapThrottle(ctx, old, core.Throttle{Key: old.Key, Failures: 1, LastFailure: base})
		if err != nil || !ok {
			b.Fatalf("SwapThrottle = %v, %v", ok, err)
		}
		if err := s.ResetThrottle(ctx, "2fa:u"); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSessions stores a new session and reads it back, as a login and
// the next authenticated request do.
func benchSessions(b *testing.B, s core.Store) {
	ctx := context.Background()
	benchUser(b, ctx, s, "u")
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		sess := &core.Session{
			TokenHash: fmt.Sprintf("%064x", i), UserID: "u",
			CreatedAt: base, ExpiresAt: base.Add(7 * 24 * time.Hour), LastSeen: base, SecondFactorAt: base,
			IP: "192.0.2.1", UserAgent: "bench/1.0",
		}
		if err := s.CreateSession(ctx, sess); err != nil {
			b.Fatalf("CreateSession: %v", err)
		}
		got, err := s.SessionByHash(ctx, sess.TokenHash, base)
		if err != nil || got.UserID != "u" {
			b.Fatalf("SessionByHash = %+v, %v", got, err)
		}
	}
}
