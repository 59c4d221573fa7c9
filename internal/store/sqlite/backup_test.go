package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestBackup: a backup taken while the writer writes holds every write
// committed before it, those still in the write-ahead log included, is a
// sound database of its own, and is readable by its owner only.
func TestBackup(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	s := openFile(t, filepath.Join(dir, "twofa.db"), Options{})
	for i := range 20 {
		if err := s.CreateUser(ctx, &core.User{ID: fmt.Sprint("u", i), Email: fmt.Sprintf("u%d@example.com", i), PasswordHash: "h", CreatedAt: when}); err != nil {
			t.Fatal(err)
		}
	}
	// The writes are in the log, not yet in the database file.
	if st, err := os.Stat(filepath.Join(dir, "twofa.db-wal")); err != nil || st.Size() == 0 {
		t.Fatalf("no write-ahead log to copy from: %v", err)
	}
	// More writes go on while the backup runs.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.CreateUser(ctx, &core.User{ID: fmt.Sprint("w", i), Email: fmt.Sprintf("w%d@example.com", i), PasswordHash: "h", CreatedAt: when}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	out := filepath.Join(dir, "backup.db")
	err := s.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	// The connection that wrote the copy is not back in the read pool:
	// every pooled connection still refuses to write.
	var conns []*sql.Conn
	for range maxIdleConns + 1 {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns = append(conns, conn)
	}
	for _, conn := range conns {
		var on int
		if err := conn.QueryRowContext(ctx, "PRAGMA query_only").Scan(&on); err != nil || on != 1 {
			t.Fatalf("a read connection has query_only %d (%v) after the backup", on, err)
		}
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", st, err)
	}
	c := openFile(t, out, Options{NoMigrate: true})
	var check string
	if err := c.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check of the copy: %q, %v", check, err)
	}
	if _, err := c.UserByEmail(ctx, "u19@example.com"); err != nil {
		t.Fatalf("the copy lacks the last write before it: %v", err)
	}
	if pending, err := c.MigrationsPending(ctx); err != nil || pending {
		t.Fatalf("the copy's schema: pending %v, %v", pending, err)
	}
}

// TestBackupRefusesExistingFile: a backup never writes over a file, even
// an empty one (which VACUUM INTO alone would fill), and a backup asked
// inside a transaction is refused.
func TestBackupRefusesExistingFile(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	s := openFile(t, filepath.Join(dir, "twofa.db"), Options{})
	for _, content := range []string{"", "precious"} {
		path := filepath.Join(dir, "exists-"+fmt.Sprint(len(content)))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := s.Backup(ctx, path); !errors.Is(err, fs.ErrExist) {
			t.Errorf("backup over a file of %q: %v, want fs.ErrExist", content, err)
		}
		if got, _ := os.ReadFile(path); string(got) != content {
			t.Errorf("the file now holds %d bytes, want %q", len(got), content)
		}
	}
	err := s.InTx(ctx, func(tx core.Store) error {
		return tx.(*Store).Backup(context.Background(), filepath.Join(dir, "in-tx.db"))
	})
	if err == nil {
		t.Error("a backup inside a transaction was taken")
	}
}
