package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// BenchmarkStore runs the shared store benchmarks on a fresh SQLite file
// (WAL, the same settings as production) in a temporary directory.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) core.Store {
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "twofa.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}

// BenchmarkInTxParallel runs a transaction of three writes, as an accepted
// second factor makes (use the TOTP step, reset the throttle, record the
// event), from 8 goroutines per GOMAXPROCS, one user each.
func BenchmarkInTxParallel(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "twofa.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	var next atomic.Int64
	b.SetParallelism(8)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		id := fmt.Sprintf("u%d", next.Add(1))
		u := &core.User{ID: id, Email: id + "@example.com", PasswordHash: "h", CreatedAt: when,
			TOTPSecret: []byte("sealed secret")}
		if err := s.CreateUser(ctx, u); err != nil {
			b.Errorf("CreateUser: %v", err)
			return
		}
		step := int64(0)
		for pb.Next() {
			step++
			err := s.InTx(ctx, func(tx core.Store) error {
				ok, err := tx.UseTOTPStep(ctx, id, step)
				if err != nil {
					return err
				}
				if !ok {
					return fmt.Errorf("step %d refused", step)
				}
				if err := tx.ResetThrottle(ctx, "2fa:"+id); err != nil {
					return err
				}
				return tx.AddEvent(ctx, &core.Event{UserID: id, Type: "2fa", At: when})
			})
			if err != nil {
				b.Errorf("InTx: %v", err)
				return
			}
		}
	})
}
