package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// backup is "twofa backup --out FILE": a consistent copy of the SQLite
// database, taken while twofa serve runs on it (see sqlite.Store.Backup).
// It takes the database flags serve takes; --out only from the command
// line. It never writes over a file, and it does not copy the key file,
// which is backed up apart.
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs, err := adminFlagSet("backup", &c, args, getenv, stderr)
	if err != nil {
		return err
	}
	out := fs.String("out", "", "new file to write the copy to (it must not exist)")
	rest, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return err
	case len(rest) > 0:
		return fmt.Errorf("backup: unexpected argument %q (name the copy with --out FILE)", rest[0])
	case *out == "":
		return errors.New("backup: --out FILE is required: the new file to write the copy to")
	case isPostgres(c.DB):
		return errors.New("backup: --db is a PostgreSQL database: back it up with pg_dump (pg_dump --format=custom --file twofa.dump URL); twofa backup copies SQLite databases")
	}
	if err := checkDB(c.DB); err != nil {
		return err
	}
	if _, err := os.Stat(c.DB); err != nil {
		return fmt.Errorf("backup: --db %s: %w", c.DB, err)
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("backup: --out %s exists: name a new file (a backup never writes over one)", *out)
	}
	st, err := sqlite.OpenOptions(ctx, c.DB, sqlite.Options{NoMigrate: true})
	if err != nil {
		return fmt.Errorf("--db %s: %w", c.DB, err)
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	info, err := os.Stat(*out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup: %s copied to %s (%d bytes).\n", c.DB, *out, info.Size())
	if keyFile, err := keyFilePath(&c); err == nil {
		fmt.Fprintf(stdout, "The key file %s is not in the copy: keep a copy of it apart from the database's backups; the copy's TOTP secrets cannot be read without it.\n", keyFile)
	}
	return nil
}
