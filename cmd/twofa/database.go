package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// migrator is what both stores offer to tell a stale schema.
type migrator interface {
	MigrationsPending(ctx context.Context) (bool, error)
}

var (
	_ migrator = (*sqlite.Store)(nil)
	_ migrator = (*postgres.Store)(nil)
)

// openStore opens the database --db names, applying migrations unless
// --no-migrate; with --no-migrate it refuses a schema that is not up to
// date, rather than fail later on a missing table.
func openStore(ctx context.Context, c *config) (core.Store, error) {
	st, err := openDatabase(ctx, c)
	if err != nil || !c.NoMigrate {
		return st, err
	}
	pending, err := st.(migrator).MigrationsPending(ctx)
	if err == nil && pending {
		err = errors.New("the database schema is not up to date: run `twofa migrate` with the same --db first, or start without --no-migrate")
	}
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("--no-migrate: --db %s: %w", redactDSN(c.DB), err)
	}
	return st, nil
}

// checkDB refuses a --db that can name no database, in one line that says
// what a good one looks like, before anything is opened or created.
func checkDB(dsn string) error {
	switch {
	case dsn == "":
		return errors.New("--db is empty: give a SQLite file path (like /var/lib/twofa/twofa.db) or a postgres:// URL")
	case isPostgres(dsn):
		if _, err := pgxpool.ParseConfig(dsn); err != nil {
			// pgconn's message names the URL with its password redacted.
			return fmt.Errorf("--db: %w", err)
		}
		return nil
	case strings.Contains(dsn, "://"):
		scheme, _, _ := strings.Cut(dsn, "://")
		return fmt.Errorf("--db %s: unknown scheme %q: give a SQLite file path or a postgres:// URL", redactURL(dsn), scheme)
	}
	if st, err := os.Stat(dsn); err == nil && st.IsDir() {
		return fmt.Errorf("--db %s is a directory: give the path of the database file, like %s", dsn, filepath.Join(dsn, "twofa.db"))
	}
	dir := filepath.Dir(dsn)
	if st, err := os.Stat(dir); err != nil {
		return fmt.Errorf("--db %s: its directory %s does not exist: create it (mkdir -p %s) or give another path", dsn, dir, dir)
	} else if !st.IsDir() {
		return fmt.Errorf("--db %s: %s is not a directory", dsn, dir)
	}
	return nil
}

func openDatabase(ctx context.Context, c *config) (core.Store, error) {
	if err := checkDB(c.DB); err != nil {
		return nil, err
	}
	if isPostgres(c.DB) {
		opts := c.Pool
		opts.NoMigrate = c.NoMigrate
		st, err := postgres.Open(ctx, c.DB, opts)
		if err != nil {
			return nil, fmt.Errorf("--db %s: %w", redactDSN(c.DB), err)
		}
		return st, nil
	}
	if _, err := os.Stat(c.DB); c.NoMigrate && errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("--no-migrate: there is no database file %s: create it with `twofa migrate --db %s` first, or start without --no-migrate", c.DB, c.DB)
	}
	// A new database file holds password hashes: readable by its owner only.
	if f, err := os.OpenFile(c.DB, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); err == nil {
		f.Close()
	}
	st, err := sqlite.OpenOptions(ctx, c.DB, sqlite.Options{NoMigrate: c.NoMigrate})
	if err != nil {
		return nil, fmt.Errorf("--db %s: %w", c.DB, err)
	}
	return st, nil
}

// keyFilePath is --secret-key-file, or for SQLite a file beside the database.
func keyFilePath(c *config) (string, error) {
	if c.SecretKeyFile != "" {
		return c.SecretKeyFile, nil
	}
	if isPostgres(c.DB) {
		return "", errors.New("--secret-key-file is required with PostgreSQL: every instance must share one key (create it with: (umask 077; openssl rand -hex 32 > twofa.key))")
	}
	return c.DB + ".key", nil
}

// loadKeys reads the key ring. With SQLite and no --secret-key-file, a
// missing key file is created, but only while the database holds nothing
// sealed yet: for a database already in use, a new key would be useless
// and would hide the real problem (a lost key file).
func loadKeys(ctx context.Context, c *config, st core.Store, log *slog.Logger) (*secret.Keyring, string, error) {
	path, err := keyFilePath(c)
	if err != nil {
		return nil, "", err
	}
	if c.SecretKeyFile == "" {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if _, err := st.Setting(ctx, core.MACKeySetting); !errors.Is(err, core.ErrNotFound) {
				return nil, "", fmt.Errorf("the database %s exists but its key file %s does not: restore the key file from your backup "+
					"(TOTP secrets cannot be read without it), or name it with --secret-key-file", c.DB, path)
			}
			if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
				return nil, "", fmt.Errorf("create key file: %w", err)
			}
			log.Warn("generated a new secret key "+path+": back it up now, and keep the backup apart from the database's backups "+
				"(TOTP secrets cannot be read without the key, and someone holding both the key and the database can read every secret)",
				"key_file", path)
		}
	}
	keys, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		return nil, "", fmt.Errorf("--secret-key-file %s: %w", path, err)
	}
	return keys, path, nil
}
