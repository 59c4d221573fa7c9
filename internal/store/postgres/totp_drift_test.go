package postgres

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestClockDriftQueryPlan: listing the accounts with a clock drift can
// read the partial index in its order, with no sort. Sequential scans are
// turned off for the check: on a table this small the planner would
// rightly prefer one, and the point is that the index fits the query.
func TestClockDriftQueryPlan(t *testing.T) {
	ctx := t.Context()
	s := freshStore(t)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `EXPLAIN `+clockDriftQuery, 10)
		if err != nil {
			return err
		}
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		got := strings.Join(plan, "\n")
		t.Logf("plan:\n%s", got)
		if !strings.Contains(got, "Index Scan Backward using users_totp_drift") || strings.Contains(got, "Sort") {
			t.Errorf("plan:\n%s\nwant a backward scan of the index users_totp_drift and no sort", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
