package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/secret"
)

// rotateKey puts a new key first in the key file, keeping the old ones
// after it, and re-encrypts every sealed value under the new key. Running
// instances keep working: values sealed under either key open, and an
// instance that meets the new key re-reads the file.
func rotateKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("rotate-key", &c, stderr)
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	path, err := keyFilePath(&c)
	if err != nil {
		return err
	}
	if _, err := secret.LoadKeyFile(path, rand.Reader); err != nil {
		return fmt.Errorf("--secret-key-file %s: %w", path, err)
	}
	st, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := secret.PrependKey(path, rand.Reader); err != nil {
		return fmt.Errorf("add a new key to %s: %w", path, err)
	}
	keys, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		return fmt.Errorf("reload %s: %w", path, err)
	}
	n, err := core.ResealAll(ctx, st, keys)
	if err != nil {
		return fmt.Errorf("%w (the new key stays first in %s and the old one after it, so nothing is lost; run rotate-key again)", err, path)
	}
	fmt.Fprintf(stdout, "rotate-key: new key added first to %s; %d TOTP secrets and the HMAC key re-encrypted.\n", path, n)
	fmt.Fprintln(stdout, "The old key stays in the file so running instances keep working; remove its line once every instance has restarted.")
	return nil
}
