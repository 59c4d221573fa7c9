package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestCannotOpenIsUnavailable: a database file SQLite cannot open is
// core.ErrUnavailable (the HTTP layer answers 503), and the driver's error
// is kept underneath.
func TestCannotOpenIsUnavailable(t *testing.T) {
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "no such directory", "twofa.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = wrap("ping", db.PingContext(context.Background()))
	if !errors.Is(err, core.ErrUnavailable) || !isCantOpen(err) {
		t.Fatalf("a file that cannot be opened gave %v, want core.ErrUnavailable over SQLITE_CANTOPEN", err)
	}
	if errors.Is(wrap("find", sql.ErrNoRows), core.ErrUnavailable) {
		t.Fatal("no row counted as the database being away")
	}
}
