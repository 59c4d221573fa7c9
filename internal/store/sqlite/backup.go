package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to a new file at path,
// with SQLite's VACUUM INTO: one read transaction on a connection taken
// from the read pool, so it sees every committed write (those still in
// the write-ahead log too) and none half done, while the writer goes on
// writing. SQLite counts writing the new file as a write, which the read
// pool's query_only setting refuses: the connection is let write for this
// one statement and then closed, never handed back to the pool. The copy is compact, readable by its owner only (mode 0600),
// and opens as a database of its own. Backup refuses a path that exists
// and removes what it wrote when it fails.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.tx != nil {
		return errors.New("sqlite: backup: called on the Store of a transaction")
	}
	// VACUUM INTO also fills an empty file that exists: create it here,
	// so that an existing file, empty or not, is never written over.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	f.Close()
	if err := s.vacuumInto(ctx, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO path on a connection of the read pool that
// is closed afterwards.
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// driver.ErrBadConn makes database/sql close the connection
		// rather than return it to the pool with query_only off.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}
