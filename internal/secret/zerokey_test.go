package secret_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/secret"
)

// openAESGCM opens a sealed value with the standard library alone, from the
// documented format: version (1 byte), key id (4), nonce (12), then the
// AES-256-GCM ciphertext and tag, authenticated together with the first 5
// bytes followed by the additional data.
func openAESGCM(t *testing.T, key, sealed, additionalData []byte) ([]byte, error) {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	ad := append(bytes.Clone(sealed[:5]), additionalData...)
	return aead.Open(nil, sealed[5:17], sealed[17:], ad)
}

// keyFileKeys reads the hexadecimal keys of a key file without ParseKeys.
func keyFileKeys(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var keys [][]byte
	for _, line := range strings.Fields(string(data)) {
		k, err := hex.DecodeString(line)
		if err != nil {
			t.Fatalf("key file line %q: %v", line, err)
		}
		keys = append(keys, k)
	}
	return keys
}

// TestSealedValueOpensOnlyUnderItsKey: what the keyring seals opens with
// standard AES-256-GCM under the key it was given and not under an all-zero
// key, so a keyring that quietly encrypted under a constant key (a typo
// in building the cipher, a key file parsed to zeros) fails here, although
// its own Seal and Open would still agree with each other.
func TestSealedValueOpensOnlyUnderItsKey(t *testing.T) {
	random := make([]byte, secret.KeySize)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	fromKey, err := secret.NewKeyring(rand.Reader, random)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "twofa.key")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	fromFile, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, secret.KeySize)
	plaintext, ad := []byte("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), []byte("u_user42")
	for _, c := range []struct {
		name string
		keys *secret.Keyring
		key  []byte
	}{
		{"keyring of a given key", fromKey, random},
		{"keyring of a key file", fromFile, keyFileKeys(t, path)[0]},
	} {
		sealed, err := c.keys.Seal(plaintext, ad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := openAESGCM(t, c.key, sealed, ad)
		if err != nil || !bytes.Equal(got, plaintext) {
			t.Errorf("%s: the sealed value does not open under its own key with AES-GCM (%v)", c.name, err)
		}
		if _, err := openAESGCM(t, zero, sealed, ad); err == nil {
			t.Errorf("%s: the sealed value opens under an all-zero key", c.name)
		}
	}
}

// TestGeneratedKeysAreRandom: the keys GenerateKeyFile and PrependKey write
// are 32 bytes, not all zero, not one byte repeated, and all different.
func TestGeneratedKeysAreRandom(t *testing.T) {
	dir := t.TempDir()
	var keys [][]byte
	for _, name := range []string{"a.key", "b.key"} {
		path := filepath.Join(dir, name)
		if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, keyFileKeys(t, path)...)
	}
	rotated := filepath.Join(dir, "a.key")
	returned, err := secret.PrependKey(rotated, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	inFile := keyFileKeys(t, rotated)
	if len(inFile) != 2 || !bytes.Equal(inFile[0], returned) {
		t.Fatalf("PrependKey returned %x, the file starts with %x", returned, inFile[0])
	}
	keys = append(keys, returned)
	seen := map[string]bool{}
	for i, k := range keys {
		if len(k) != secret.KeySize {
			t.Errorf("key %d is %d bytes, want %d", i+1, len(k), secret.KeySize)
			continue
		}
		if bytes.Equal(k, bytes.Repeat(k[:1], secret.KeySize)) {
			t.Errorf("key %d is the byte %#x repeated: not read from the random source", i+1, k[0])
		}
		if seen[string(k)] {
			t.Errorf("key %d repeats an earlier key", i+1)
		}
		seen[string(k)] = true
	}
}
