package postgres

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// BenchmarkStore runs the shared store benchmarks on a fresh schema of the
// database in $TWOFA_TEST_POSTGRES, with the default pool (10 connections);
// without the variable it skips (or fails under CI=true).
func BenchmarkStore(b *testing.B) {
	pgtest.DSN(b)
	storetest.Bench(b, func(b *testing.B) core.Store {
		s, err := Open(context.Background(), pgtest.Schema(b), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}
