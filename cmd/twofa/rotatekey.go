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
// instance re-reads the file when it changes. With --reseal-only it adds
// no key and only re-encrypts what is not yet under the first one.
func rotateKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("rotate-key", &c, stderr)
	resealOnly := fs.Bool("reseal-only", false, "add no new key; re-encrypt whatever is not yet under the first key of the file")
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
	if !*resealOnly {
		if _, err := secret.PrependKey(path, rand.Reader); err != nil {
			return fmt.Errorf("add a new key to %s: %w", path, err)
		}
	}
	keys, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		return fmt.Errorf("reload %s: %w", path, err)
	}
	n, err := core.ResealAll(ctx, st, keys)
	if err != nil {
		return fmt.Errorf("%w (every key stays in %s, so nothing is lost; finish with: twofa rotate-key --reseal-only)", err, path)
	}
	if *resealOnly {
		fmt.Fprintf(stdout, "rotate-key: %d TOTP secrets re-encrypted under the first key of %s.\n", n, path)
		return nil
	}
	fmt.Fprintf(stdout, "rotate-key: new key added first to %s; %d TOTP secrets and the HMAC key re-encrypted.\n", path, n)
	fmt.Fprintln(stdout, "The old key stays in the file. Running instances seal under the new key from now on; before you delete the old line, run: twofa rotate-key --reseal-only")
	return nil
}
