package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// BenchmarkSearchUsers measures a page of the user list over 1,000 and
// 100,000 accounts in a fresh SQLite file, seeded as the query-plan test
// seeds it and not analyzed, as a server leaves its database.
func BenchmarkSearchUsers(b *testing.B) {
	storetest.BenchSearchUsers(b, func(b *testing.B, n int) core.Store {
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "twofa.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		seedAccounts(b, s, n)
		return s
	})
}
