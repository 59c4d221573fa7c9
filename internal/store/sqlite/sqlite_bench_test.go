package sqlite

import (
	"context"
	"path/filepath"
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
