package sqlite

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestClockDriftQueryPlan: listing the accounts with a clock drift reads
// the partial index in its order, neither the whole table nor a sort.
func TestClockDriftQueryPlan(t *testing.T) {
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
	rows, err := s.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+clockDriftQuery, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(plan, "; ")
	t.Logf("plan: %s", got)
	if !strings.Contains(got, "INDEX users_totp_drift") || strings.Contains(got, "TEMP B-TREE") {
		t.Fatalf("plan %q, want the index users_totp_drift and no sort", got)
	}
}
