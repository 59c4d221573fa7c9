package sqlite

import (
	"database/sql"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/store/storetest"
)

// openFile opens a store on path and closes it when the test ends.
func openFile(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	s, err := OpenOptions(t.Context(), path, opts)
	if err != nil {
		t.Fatalf("OpenOptions(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.Store {
		return openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
	})
}

var when = time.Date(2026, time.March, 14, 15, 0, 0, 0, time.UTC)

// TestTwoStoresOneFile opens the file twice, as two processes would, and
// checks that each sees the other's writes and that a TOTP step raced
// across both is still accepted once.
func TestTwoStoresOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twofa.db")
	a := openFile(t, path, Options{})
	b := openFile(t, path, Options{})

	storetest.TwoStores(t, a, b)
}

// TestConcurrentOpenNewFile starts several stores on one new file at once,
// as processes started together would, and checks that they all open and
// migrate it.
func TestConcurrentOpenNewFile(t *testing.T) {
	for round := range 3 {
		path := filepath.Join(t.TempDir(), "twofa.db")
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				s, err := Open(t.Context(), path)
				if err != nil {
					t.Errorf("round %d, store %d: %v", round, i, err)
					return
				}
				if err := s.Close(); err != nil {
					t.Errorf("round %d, store %d: %v", round, i, err)
				}
			})
		}
		wg.Wait()
	}
}

func TestNoMigrate(t *testing.T) {
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{NoMigrate: true})
	storetest.NoMigrate(t, s)
}

func TestReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "twofa.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: when}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openFile(t, path, Options{})
	got, err := s.UserByID(ctx, "u")
	if err != nil {
		t.Fatalf("user lost across reopening: %v", err)
	}
	if !got.CreatedAt.Equal(when) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, when)
	}
}

// TestPathWithURICharacters checks that a path is taken literally, not as
// a URI with a query or fragment.
func TestPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odd?dir#with%25")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "twofa.db")
	s := openFile(t, path, Options{})
	if err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the given path: %v", err)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	if _, err := Open(t.Context(), ""); err == nil {
		t.Error("Open(\"\") worked")
	}
}

// TestConnectionSettings checks the settings every pooled connection must
// have, on several connections held at once, of the read pool and of the
// writer's.
func TestConnectionSettings(t *testing.T) {
	ctx := t.Context()
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
	common := map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"foreign_keys": "1",
		"busy_timeout": "10000",
	}
	for _, pool := range []struct {
		name      string
		db        *sql.DB
		queryOnly string
	}{{"read", s.db, "1"}, {"writer", s.w.db, "0"}} {
		for i := range 3 {
			conn, err := pool.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			want := maps.Clone(common)
			want["query_only"] = pool.queryOnly
			for pragma, want := range want {
				var got string
				if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s connection %d: %s = %s, want %s", pool.name, i, pragma, got, want)
				}
			}
		}
	}
}

// TestOIDCUserCascade deletes an account straight from the table, as an
// administrator would, and checks that its OIDC rows go with it.
func TestOIDCUserCascade(t *testing.T) {
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
	storetest.OIDCUserCascade(t, s, func(id string) error {
		_, err := s.w.db.ExecContext(t.Context(), `DELETE FROM users WHERE id = ?`, id)
		return err
	})
}

// TestOIDCListValues checks that a list value the stored form (one value
// per line) could not give back is refused rather than changed.
func TestOIDCListValues(t *testing.T) {
	s := openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
	for _, uris := range [][]string{{"https://a.example/cb\nhttps://b.example/cb"}, {"https://a.example/cb", ""}} {
		c := &core.OIDCClient{ID: "c", Name: "App", RedirectURIs: uris, CreatedAt: when}
		if err := s.CreateOIDCClient(t.Context(), c); err == nil {
			t.Errorf("CreateOIDCClient with redirect URIs %q worked", uris)
		}
	}
}
