package sqlite

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// TestSearchUsersPlan stores 100,000 accounts and 100,000 events with one
// INSERT each, and checks with EXPLAIN QUERY PLAN that the user search
// (prefix, keyset cursor, both, and with filters) and the dashboard's
// count of events per day read an index range (SEARCH ... USING INDEX)
// rather than scanning the table, and need no sort; then pages through
// every account and finds each exactly once. Nothing is timed.
func TestSearchUsersPlan(t *testing.T) {
	ctx := t.Context()
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
	db := s.w.db
	seedAccounts(t, s, storetest.SeededAccounts)
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
		INSERT INTO events (user_id, type, at, detail)
		SELECT printf('u%%06d', i %% 1000), CASE i %% 4 WHEN 0 THEN 'login' WHEN 1 THEN '2fa-failed' WHEN 2 THEN 'logout' ELSE 'signup' END,
			i * 60000000, 'totp'
		FROM n`, storetest.SeededAccounts-1)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}

	for _, q := range storetest.PlanSearches {
		query, args, err := searchUsersQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(t, s, query, args...)
		// "SCAN users USING INDEX" walks the index in order and stops at
		// the limit; a bare "SCAN users" reads the table, and a temporary
		// B-tree sorts all that matched.
		if !strings.Contains(plan, "users USING INDEX") || strings.Contains(plan, "SCAN users\n") ||
			strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("SearchUsers(%+v) does not read the index in order:\n%s\nplan:\n%s", q, query, plan)
		}
		if (q.Prefix != "" || q.After != "") && !strings.Contains(plan, "SEARCH users USING INDEX") {
			t.Errorf("SearchUsers(%+v) does not search the index by address:\nplan:\n%s", q, plan)
		}
	}
	query, args := countEventsByDayQuery(core.EventLogin, []string{"totp", "email", "recovery"}, time.Unix(0, 0))
	plan := explain(t, s, query, args...)
	if !strings.Contains(plan, "SEARCH events USING INDEX events_type_at (type=? AND at>?)") {
		t.Errorf("events per day do not use events_type_at:\n%s", plan)
	}

	storetest.CheckSeededSearch(t, s)
}

// explain returns SQLite's query plan of query, one step a line.
func explain(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.w.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
