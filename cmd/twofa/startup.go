package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"

	"github.com/twofa-dev/twofa/internal/secret"
)

// listeners are the sockets serve binds before it creates anything.
type listeners struct {
	main    net.Listener // --addr
	metrics net.Listener // --metrics-addr, nil when off
}

// listen binds --addr and, when set, --metrics-addr.
func listen(c *config) (*listeners, error) {
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return nil, fmt.Errorf("--addr: %w", err)
	}
	lns := &listeners{main: ln}
	if c.MetricsAddr != "" {
		if lns.metrics, err = net.Listen("tcp", c.MetricsAddr); err != nil {
			ln.Close()
			return nil, fmt.Errorf("--metrics-addr: %w", err)
		}
	}
	return lns, nil
}

// close closes the listeners of a start that failed.
func (l *listeners) close() {
	l.main.Close()
	if l.metrics != nil {
		l.metrics.Close()
	}
}

// checkKeyFile loads the key file before the database is opened, so that a
// bad one stops the start before anything is created. Only a key file
// twofa makes itself (SQLite, no --secret-key-file) may be missing: it is
// created later, for a new database.
func checkKeyFile(c *config, path string) error {
	if _, err := os.Stat(path); c.SecretKeyFile == "" && errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if _, err := secret.LoadKeyFile(path, rand.Reader); err != nil {
		return fmt.Errorf("--secret-key-file %s: %w", path, err)
	}
	return nil
}

// startFiles are the files a start of serve may create that did not exist
// before it: a new SQLite database (with its -wal, -shm and -journal
// files) and the key file beside it.
type startFiles []string

// newStartFiles lists the files of c that do not exist yet.
func newStartFiles(c *config, keyPath string) startFiles {
	var paths []string
	if _, err := os.Lstat(c.DB); !isPostgres(c.DB) && errors.Is(err, fs.ErrNotExist) {
		paths = append(paths, c.DB, c.DB+"-wal", c.DB+"-shm", c.DB+"-journal")
	}
	if _, err := os.Lstat(keyPath); errors.Is(err, fs.ErrNotExist) {
		paths = append(paths, keyPath)
	}
	return paths
}

// remove deletes the files of a start that failed, so that the next start
// does not take a half-made database or a key nothing was sealed with for
// ones in use.
func (f startFiles) remove(log *slog.Logger) {
	for _, p := range f {
		err := os.Remove(p)
		switch {
		case err == nil:
			log.Info("removed " + p + ", which this failed start had created")
		case !errors.Is(err, fs.ErrNotExist):
			log.Warn("could not remove "+p+", which this failed start had created: remove it by hand", "err", err)
		}
	}
}
