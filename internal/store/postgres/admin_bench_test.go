package postgres

import (
	"context"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// BenchmarkSearchUsers measures a page of the user list over 1,000 and
// 100,000 accounts in a fresh schema of the database in
// $TWOFA_TEST_POSTGRES, seeded and analyzed as the query-plan test does;
// without the variable it skips (or fails under CI=true).
func BenchmarkSearchUsers(b *testing.B) {
	pgtest.DSN(b)
	storetest.BenchSearchUsers(b, func(b *testing.B, n int) core.Store {
		s, err := Open(context.Background(), pgtest.Schema(b), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		seedAccounts(b, s, n)
		return s
	})
}
