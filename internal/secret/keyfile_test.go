package secret_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/twofa-dev/twofa/internal/secret"
)

func TestParseKeys(t *testing.T) {
	k1 := strings.Repeat("ab", 32)
	k2 := strings.Repeat("CD", 32)
	data := "# twofa keys\n\n" + k1 + "\r\n   \n\t# old:\n  " + k2 + "  \n"
	keys, err := secret.ParseKeys([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || hex.EncodeToString(keys[0]) != k1 || !strings.EqualFold(hex.EncodeToString(keys[1]), k2) {
		t.Errorf("parsed %x", keys)
	}
}

func TestParseKeysErrorsNameLine(t *testing.T) {
	good := strings.Repeat("ab", 32)
	secretish := strings.Repeat("5e", 31)
	for _, tc := range []struct {
		data, want string
	}{
		{"", "no keys"},
		{"# only a comment\n\n", "no keys"},
		{good + "\n" + secretish + "\n", "line 2"},
		{"\n\n" + good + "00\n", "line 3"},
		{good + "\n#\n" + strings.Repeat("zz", 32), "line 3"},
		{good + "\n" + good + "\n", "line 2: same key as line 1"},
		{good + " # trailing comment\n", "line 1"},
		{"0x" + good[2:] + "\n", "line 1"},
	} {
		_, err := secret.ParseKeys([]byte(tc.data))
		if err == nil {
			t.Errorf("%q: no error", tc.data)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %q does not mention %q", tc.data, err, tc.want)
		}
		if strings.Contains(err.Error(), secretish) || strings.Contains(err.Error(), "zz") || strings.Contains(err.Error(), good) {
			t.Errorf("error %q echoes key material", err)
		}
	}
}

func TestGenerateKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode %v, want 0600", perm)
	}
	data, _ := os.ReadFile(path)
	if keys, err := secret.ParseKeys(data); err != nil || len(keys) != 1 {
		t.Fatalf("generated file: %d keys, %v", len(keys), err)
	}
	if len(data) != 65 || data[64] != '\n' {
		t.Errorf("generated file %q is not one 64-character line", data)
	}
	err = secret.GenerateKeyFile(path, rand.Reader)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second GenerateKeyFile: %v, want fs.ErrExist", err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, data) {
		t.Error("existing key file was changed")
	}
	if err := secret.GenerateKeyFile(filepath.Join(t.TempDir(), "k"), bytes.NewReader(nil)); err == nil {
		t.Error("no error from an empty random source")
	}
}

func TestPrependKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	newKey, err := secret.PrependKey(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if want := hex.EncodeToString(newKey) + "\n" + string(before); string(after) != want {
		t.Errorf("file after rotation:\n%s\nwant:\n%s", after, want)
	}
	info, _ := os.Stat(path)
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode %v after rotation, want 0600", perm)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after rotation, want only the key file", len(entries))
	}
}

func TestPrependKeyRefusesBadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := secret.PrependKey(filepath.Join(dir, "missing"), rand.Reader); err == nil {
		t.Error("rotating a missing file: no error")
	}
	path := filepath.Join(dir, "keys")
	bad := []byte("not a key\n")
	os.WriteFile(path, bad, 0o600)
	if _, err := secret.PrependKey(path, rand.Reader); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("rotating a broken file: %v", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, bad) {
		t.Error("broken file was changed")
	}
}

// TestRotationAcrossInstances follows a rotation: instance A loaded the key
// file before it, instance B after; each opens what the other sealed.
func TestRotationAcrossInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	a, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ad := []byte("user:7")
	old, err := a.Seal([]byte("old secret"), ad)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := secret.PrependKey(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	b, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := b.Seal([]byte("new secret"), ad)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Open(old, ad); err != nil || string(got) != "old secret" {
		t.Fatalf("B opens A's old value: %q %v", got, err)
	}
	if !a.SealedWithCurrent(old) {
		t.Fatal("A switched keys before meeting the new one")
	}
	// A has never seen the new key: Open re-reads the file.
	if got, err := a.Open(fresh, ad); err != nil || string(got) != "new secret" {
		t.Fatalf("A opens B's new value: %q %v", got, err)
	}
	if a.SealedWithCurrent(old) || !a.SealedWithCurrent(fresh) {
		t.Error("after re-reading, A does not seal with the new key")
	}
	moved, err := a.Reseal(old, ad)
	if err != nil {
		t.Fatal(err)
	}
	if !b.SealedWithCurrent(moved) {
		t.Error("Reseal did not move the value to the new key")
	}
	if got, err := b.Open(moved, ad); err != nil || string(got) != "old secret" {
		t.Errorf("resealed value: %q %v", got, err)
	}
}

func TestReloadUnknownKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	k, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	foreign, _ := mustKeyring(t, key(9)).Seal([]byte("x"), nil)
	if _, err := k.Open(foreign, nil); !errors.Is(err, secret.ErrUnknownKey) {
		t.Errorf("value under a key in no file: %v", err)
	}
	// A vanished file makes the reload fail; the keys already loaded still work.
	own, _ := k.Seal([]byte("y"), nil)
	os.Remove(path)
	if _, err := k.Open(foreign, nil); !errors.Is(err, secret.ErrUnknownKey) {
		t.Errorf("reload of a missing file: %v", err)
	}
	if got, err := k.Open(own, nil); err != nil || string(got) != "y" {
		t.Errorf("own value after failed reload: %q %v", got, err)
	}
}

func TestLoadKeyFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := secret.LoadKeyFile(filepath.Join(dir, "missing"), rand.Reader); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	path := filepath.Join(dir, "keys")
	os.WriteFile(path, []byte(strings.Repeat("a", 63)+"\n"), 0o600)
	if _, err := secret.LoadKeyFile(path, rand.Reader); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad file: %v", err)
	}
}

// TestReloadRace opens new-key values from many goroutines at once while
// the keyring re-reads its file.
func TestReloadRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	a, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := secret.PrependKey(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	b, _ := secret.LoadKeyFile(path, rand.Reader)
	fresh, _ := b.Seal([]byte("v"), nil)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := a.Open(fresh, nil); err != nil {
				t.Error(err)
			}
			if _, err := a.Seal([]byte("w"), nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// TestLoadKeyFileRefusesLooseMode: a key file its group or others may read
// or write is refused with one line that says to run chmod 600 on it; a
// file for the owner alone loads. The same holds when a running keyring
// re-reads a rotated file.
func TestLoadKeyFileRefusesLooseMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	if err := secret.GenerateKeyFile(path, rand.Reader); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620, 0o602, 0o660, 0o666} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := secret.LoadKeyFile(path, rand.Reader)
		want := "run `chmod 600 " + path + "`"
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("mode %04o: %v, want one line saying %s", mode, err, want)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if _, err := secret.LoadKeyFile(path, rand.Reader); err != nil {
			t.Errorf("mode %04o: %v", mode, err)
		}
	}

	// A keyring whose file is rotated in with a loose mode does not take
	// the new keys from it.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := secret.LoadKeyFile(path, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other")
	if err := secret.GenerateKeyFile(other, rand.Reader); err != nil {
		t.Fatal(err)
	}
	k2, err := secret.LoadKeyFile(other, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k2.Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(other)
	old, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(data, old...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Open(sealed, nil); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a value under a key from a loose file opened: %v", err)
	}
}
