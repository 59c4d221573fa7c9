package core_test

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, to read the rig's file as an attacker with a copy would
)

// readDB opens the rig's SQLite file read-only, apart from the store, for
// tests that check what is actually written.
func readDB(t *testing.T, r *rig) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+r.DBPath+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queryBlobs returns the first column of every row query gives.
func queryBlobs(t *testing.T, db *sql.DB, query string, args ...any) [][]byte {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
