package secret

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// ParseKeys reads a key file: one key per line as 64 hexadecimal characters
// (32 bytes), the first being the one that seals. Blank lines and lines
// starting with # are ignored, as is whitespace around a key. Errors name
// the offending line but never echo key material.
func ParseKeys(data []byte) ([][]byte, error) {
	var keys [][]byte
	seen := make(map[keyID]int)
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) != 2*KeySize {
			return nil, fmt.Errorf("secret: key file line %d: want %d hexadecimal characters (a %d-byte key), found %d characters",
				n, 2*KeySize, KeySize, len(line))
		}
		key, err := hex.DecodeString(line)
		if err != nil {
			return nil, fmt.Errorf("secret: key file line %d: not hexadecimal", n)
		}
		id := idOf(key)
		if first, dup := seen[id]; dup {
			return nil, fmt.Errorf("secret: key file line %d: same key as line %d", n, first)
		}
		seen[id] = n
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("secret: key file holds no keys")
	}
	return keys, nil
}

// LoadKeyFile returns a keyring of the keys in the file at path, reading
// nonces from rand. A file the group or others may read or write is
// refused, with an error that says to run chmod 600. The keyring remembers path: when Open meets a value
// sealed under a key it does not hold, it re-reads the file once, so an
// instance picks up a key rotated in elsewhere without a restart.
func LoadKeyFile(path string, rand io.Reader) (*Keyring, error) {
	r, err := readRing(path)
	if err != nil {
		return nil, err
	}
	k := &Keyring{rand: rand, path: path}
	k.ring.Store(r)
	return k, nil
}

// readRing reads and parses the key file at path, noting which version of
// the file it read.
func readRing(path string) (*ring, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkMode(path, st); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys, err := ParseKeys(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := newRing(keys)
	if err != nil {
		return nil, err
	}
	r.stamp = stampOf(st)
	return r, nil
}

// looseBits are the permission bits a key file must not have: any access
// by the group or by others.
const looseBits fs.FileMode = 0o077

// checkMode refuses a key file that the group or others may read or
// write: whoever reads it, together with a copy of the database, reads
// every secret; whoever writes it can replace the keys. Permission bits
// mean nothing on Windows, which is not checked.
func checkMode(path string, st os.FileInfo) error {
	if runtime.GOOS == "windows" || st.Mode().Perm()&looseBits == 0 {
		return nil
	}
	return fmt.Errorf("secret: key file %s has mode %04o, so its group or others can read or change it: run `chmod 600 %s`",
		path, st.Mode().Perm(), path)
}

// fileStamp tells versions of the key file apart without reading it.
type fileStamp struct {
	modTime time.Time
	size    int64
}

func stampOf(st os.FileInfo) fileStamp { return fileStamp{modTime: st.ModTime(), size: st.Size()} }

// GenerateKeyFile creates a key file at path holding one new key read from
// rand, readable by its owner only (mode 0600). It refuses to overwrite an
// existing file; the error then satisfies errors.Is(err, fs.ErrExist).
func GenerateKeyFile(path string, rand io.Reader) error {
	key, err := newKey(rand)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("secret: creating key file: %w", err)
	}
	if err := writeAndClose(f, keyLine(key)); err != nil {
		os.Remove(path)
		return fmt.Errorf("secret: writing key file: %w", err)
	}
	return nil
}

// PrependKey rotates the key file at path: it writes a new key read from
// rand as the first line, keeping the existing contents after it, and
// returns the new key. The file is replaced atomically (a temporary file in
// the same directory, renamed over it) with mode 0600. A file that does not
// parse is left alone.
func PrependKey(path string, rand io.Reader) ([]byte, error) {
	old, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret: reading key file: %w", err)
	}
	if _, err := ParseKeys(old); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	key, err := newKey(rand)
	if err != nil {
		return nil, err
	}
	data := append([]byte(keyLine(key)), old...)
	if _, err := ParseKeys(data); err != nil { // a new key colliding with an old one
		return nil, fmt.Errorf("secret: new key rejected: %w", err)
	}
	if err := replaceFile(path, data); err != nil {
		return nil, fmt.Errorf("secret: rewriting key file: %w", err)
	}
	return key, nil
}

// newKey reads a random key.
func newKey(rand io.Reader) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := io.ReadFull(rand, key); err != nil {
		return nil, fmt.Errorf("secret: reading random key: %w", err)
	}
	return key, nil
}

// keyLine formats key as a key file line.
func keyLine(key []byte) string {
	return hex.EncodeToString(key) + "\n"
}

// replaceFile atomically replaces path with data, mode 0600.
func replaceFile(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := writeAndClose(f, string(data)); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	// Make the rename durable; not every platform can sync a directory.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// writeAndClose writes s to f, flushes it to disk and closes it.
func writeAndClose(f *os.File, s string) error {
	_, err := f.WriteString(s)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
