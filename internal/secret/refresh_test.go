package secret

import (
	"bytes"
	"crypto/rand"
	"path/filepath"
	"testing"
)

// TestSealFollowsRotatedFile: a keyring loaded from a file seals under the
// new first key as soon as the file is rotated, without an unknown value
// to open first.
func TestSealFollowsRotatedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	if err := GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	k, err := LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	before, err := k.Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PrependKey(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	after, err := k.Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before[1:headerSize], after[1:headerSize]) {
		t.Fatal("after the rotation the keyring still seals under the old key")
	}
	if !k.SealedWithCurrent(after) || k.SealedWithCurrent(before) {
		t.Fatal("SealedWithCurrent does not follow the rotation")
	}
}
