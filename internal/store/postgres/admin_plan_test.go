package postgres

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// TestSearchUsersPlan stores 100,000 accounts and 100,000 events with
// generate_series, and checks with EXPLAIN that the user search (prefix,
// keyset cursor, both, and with filters) and the dashboard's count of
// events per day use an index scan, never a sequential scan nor a sort of
// everything that matched; then pages through every account and finds
// each exactly once. Nothing is timed.
func TestSearchUsersPlan(t *testing.T) {
	ctx := t.Context()
	s := freshStore(t)
	seedAccounts(t, s, storetest.SeededAccounts)
	for _, stmt := range []string{
		fmt.Sprintf(`INSERT INTO events (user_id, type, at, detail)
			SELECT format('u%%s', lpad((i %% 1000)::text, 6, '0')),
				(ARRAY['login', '2fa-failed', 'logout', 'signup'])[i %% 4 + 1],
				timestamptz '2026-01-01 00:00:00Z' + i * interval '1 minute', 'totp'
			FROM generate_series(0, %d) AS i`, storetest.SeededAccounts-1),
		`ANALYZE events`,
	} {
		if _, err := s.pool.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}

	for _, q := range storetest.PlanSearches {
		query, args, err := searchUsersQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(t, s, query, args...)
		index := "users_email_bytes"
		switch {
		case q.Role == core.RoleAdmin:
			index = "users_admins_bytes"
		case q.DisabledOnly:
			index = "users_disabled_bytes"
		}
		if !strings.Contains(plan, "Index Scan using "+index+" on users") ||
			strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "Sort") {
			t.Errorf("SearchUsers(%+v) does not read %s in order:\n%s\nplan:\n%s", q, index, query, plan)
		}
		if (q.Prefix != "" || q.After != "") && !strings.Contains(plan, "Index Cond: ") {
			t.Errorf("SearchUsers(%+v) does not bound the index scan by address:\nplan:\n%s", q, plan)
		}
	}
	query, args := countEventsByDayQuery(core.EventLogin, []string{"totp", "email", "recovery"}, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	plan := explain(t, s, query, args...)
	if !strings.Contains(plan, "Index Scan on events_type_at") && !strings.Contains(plan, "Index Scan using events_type_at") ||
		strings.Contains(plan, "Seq Scan") {
		t.Errorf("events per day do not use events_type_at:\n%s", plan)
	}

	storetest.CheckSeededSearch(t, s)
}

// explain returns PostgreSQL's plan of query with these arguments.
func explain(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.pool.Query(t.Context(), `EXPLAIN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
