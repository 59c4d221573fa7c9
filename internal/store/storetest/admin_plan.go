package storetest

import (
	"fmt"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// SeededAccounts is how many accounts a store's query-plan test stores,
// with one statement of its own dialect (which BenchSearchUsers uses too,
// for other counts as well): account i has the id u%06d and the address
// SeededEmail(i), email codes when i is even, an app when i is a multiple
// of 3, the role admin when i is a multiple of 1,000, and is disabled
// when i is a multiple of 997.
const SeededAccounts = 100_000

// SeededEmail is the address of the seeded account i.
func SeededEmail(i int) string { return fmt.Sprintf("user%06d@example.com", i) }

// PlanSearches are the user searches whose query plans a store's test
// checks over the seeded accounts: every account, a prefix, a cursor, both,
// a common filter, and the rare ones (disabled accounts, administrators)
// that have partial indexes.
var PlanSearches = []core.UserSearch{
	{Limit: 51},
	{Prefix: "user0123", Limit: 51},
	{After: "user050000@example.com", Limit: 51},
	{Prefix: "user01", After: "user012345@example.com", Limit: 51},
	{Prefix: "user01", SecondFactor: core.SecondFactorEmailOnly, Limit: 51},
	{Prefix: "user0", SecondFactor: core.SecondFactorEmailOnly, DisabledOnly: true, Limit: 51},
	{Role: core.RoleAdmin, Limit: 51},
}

// CheckSeededSearch searches the seeded accounts: a prefix finds its 100
// accounts, and paging MaxUserPage at a time finds every account exactly
// once, in order.
func CheckSeededSearch(t *testing.T, s core.Store) {
	t.Helper()
	got, err := s.SearchUsers(t.Context(), core.UserSearch{Prefix: "user0123", Limit: 500})
	wantOK(t, "SearchUsers(user0123)", err)
	if len(got) != 100 || got[0].Email != SeededEmail(12300) || got[99].Email != SeededEmail(12399) {
		t.Errorf(`prefix "user0123" found %d accounts, want %s to %s`, len(got), SeededEmail(12300), SeededEmail(12399))
	}
	seen := 0
	for after := ""; ; {
		page, err := s.SearchUsers(t.Context(), core.UserSearch{After: after, Limit: core.MaxUserPage})
		wantOK(t, "SearchUsers(after "+after+")", err)
		for _, u := range page {
			if u.Email != SeededEmail(seen) {
				t.Fatalf("account %d of the pages is %s, want %s", seen, u.Email, SeededEmail(seen))
			}
			seen++
		}
		if len(page) < core.MaxUserPage {
			break
		}
		after = page[len(page)-1].Email
	}
	same(t, "accounts found by paging", seen, SeededAccounts)
}
