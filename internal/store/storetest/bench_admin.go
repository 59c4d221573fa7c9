package storetest

import (
	"fmt"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// BenchAccounts are the sizes of the account list BenchSearchUsers
// searches: a small deployment, and SeededAccounts.
var BenchAccounts = []int{1_000, SeededAccounts}

// BenchSearchUsers measures one page of the administrators' user list
// (core.DefaultUserPage accounts and the one more that core.Service asks
// for, to know whether a page follows) over each of BenchAccounts seeded
// accounts: the first page, a prefix, a page after an address near the
// end, and the filters by role, by disabled and by second factor. seeded
// must return a store holding accounts 0 to n-1 as SeededAccounts
// describes them, and arrange (with b.Cleanup) for it to be closed. Each
// page is checked: its size, and its first address where the seed decides it.
func BenchSearchUsers(b *testing.B, seeded func(b *testing.B, n int) core.Store) {
	for _, n := range BenchAccounts {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			s := seeded(b, n)
			for _, c := range searchBenchCases(n) {
				b.Run(c.name, func(b *testing.B) { benchSearch(b, s, c.q, c.want, c.first) })
			}
		})
	}
}

// searchBenchCase is one search of BenchSearchUsers: the page it must
// return has want accounts, the first of them first ("" for any).
type searchBenchCase struct {
	name  string
	q     core.UserSearch
	want  int
	first string
}

// searchBenchCases are the searches of BenchSearchUsers over n seeded
// accounts. Accounts without a second factor are the odd ones that are
// not multiples of 3; administrators the multiples of 1,000; disabled
// accounts the multiples of 997.
func searchBenchCases(n int) []searchBenchCase {
	page := core.DefaultUserPage + 1
	atMost := func(k int) int { return min(page, k) }
	return []searchBenchCase{
		{"first-page", core.UserSearch{Limit: page}, page, SeededEmail(0)},
		{"prefix", core.UserSearch{Prefix: "user0005", Limit: page}, page, SeededEmail(500)},
		{"after-near-end", core.UserSearch{After: SeededEmail(n - 100), Limit: page}, page, SeededEmail(n - 99)},
		{"second-factor=none", core.UserSearch{SecondFactor: core.SecondFactorNone, Limit: page}, page, SeededEmail(1)},
		{"second-factor=none/after-near-end",
			core.UserSearch{SecondFactor: core.SecondFactorNone, After: SeededEmail(n - 200), Limit: page}, page, ""},
		{"role=admin", core.UserSearch{Role: core.RoleAdmin, Limit: page}, atMost((n + 999) / 1000), SeededEmail(0)},
		{"disabled", core.UserSearch{DisabledOnly: true, Limit: page}, atMost((n + 996) / 997), SeededEmail(0)},
	}
}

// benchSearch runs the search q over and over; every result must hold
// want accounts (reported as accounts/op), the first of them first unless
// that is "".
func benchSearch(b *testing.B, s core.Store, q core.UserSearch, want int, first string) {
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		list, err := s.SearchUsers(ctx, q)
		if err != nil {
			b.Fatalf("SearchUsers(%+v): %v", q, err)
		}
		if len(list) != want || first != "" && list[0].Email != first {
			got := ""
			if len(list) > 0 {
				got = list[0].Email
			}
			b.Fatalf("SearchUsers(%+v) found %d accounts from %q, want %d from %q", q, len(list), got, want, first)
		}
	}
	b.ReportMetric(float64(want), "accounts/op")
}
