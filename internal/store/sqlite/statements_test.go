package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"
)

// TestStatementsPrepareOnce: a statement is prepared on first use and the
// same prepared statement serves every later use; a statement that does
// not compile is not kept and runs unprepared, so its error reaches the
// caller; past the bound, statements run unprepared and still work.
func TestStatementsPrepareOnce(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "s.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := newStatements(db)
	defer c.close()
	q := pooled{c}
	var n int
	for range 3 {
		if err := q.QueryRowContext(ctx, "SELECT 1").Scan(&n); err != nil || n != 1 {
			t.Fatalf("SELECT 1 = %d, %v", n, err)
		}
	}
	if len(c.byQ) != 1 || c.get(ctx, "SELECT 1") != c.byQ["SELECT 1"] {
		t.Fatalf("want one statement kept and handed out again, have %d", len(c.byQ))
	}
	if err := q.QueryRowContext(ctx, "SELEKT 1").Scan(&n); err == nil {
		t.Fatal("a statement that does not compile ran")
	}
	if _, kept := c.byQ["SELEKT 1"]; kept {
		t.Fatal("a statement that does not compile was kept")
	}
	for i := range maxStatements + 5 {
		if err := q.QueryRowContext(ctx, "SELECT "+strconv.Itoa(i)).Scan(&n); err != nil || n != i {
			t.Fatalf("SELECT %d = %d, %v", i, n, err)
		}
	}
	if len(c.byQ) != maxStatements {
		t.Fatalf("%d statements kept, want the bound %d", len(c.byQ), maxStatements)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRowContext(ctx, "SELECT 7").Scan(&n); err != nil || n != 7 {
		t.Fatalf("after close, SELECT 7 = %d, %v (want it run unprepared)", n, err)
	}
}
