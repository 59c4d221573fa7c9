package secret_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"

	"github.com/twofa-dev/twofa/internal/secret"
)

// key returns a deterministic 32-byte test key.
func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func mustKeyring(t *testing.T, keys ...[]byte) *secret.Keyring {
	t.Helper()
	k, err := secret.NewKeyring(rand.Reader, keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := mustKeyring(t, key(1))
	for _, pt := range [][]byte{nil, {}, {0}, []byte("JBSWY3DPEHPK3PXP"), bytes.Repeat([]byte("x"), 4096)} {
		for _, ad := range [][]byte{nil, []byte("user:42")} {
			sealed, err := k.Seal(pt, ad)
			if err != nil {
				t.Fatal(err)
			}
			if len(sealed) != 1+4+12+len(pt)+16 {
				t.Errorf("sealed %d bytes into %d", len(pt), len(sealed))
			}
			got, err := k.Open(sealed, ad)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !bytes.Equal(got, pt) {
				t.Errorf("round trip gave %q, want %q", got, pt)
			}
		}
	}
}

func TestSealFormat(t *testing.T) {
	nonce := []byte("twelve bytes")
	k, err := secret.NewKeyring(bytes.NewReader(nonce), key(7), key(8))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k.Seal([]byte("hello"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	id := sha256.Sum256(key(7))
	if sealed[0] != 1 {
		t.Errorf("version byte %d", sealed[0])
	}
	if !bytes.Equal(sealed[1:5], id[:4]) {
		t.Errorf("key id %x, want %x", sealed[1:5], id[:4])
	}
	if !bytes.Equal(sealed[5:17], nonce) {
		t.Errorf("nonce %q, want the bytes read from the random source", sealed[5:17])
	}
	if bytes.Contains(sealed, []byte("hello")) {
		t.Error("plaintext visible in sealed value")
	}
	if _, err := k.Seal([]byte("again"), nil); err == nil {
		t.Error("Seal succeeded with an exhausted random source")
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	k := mustKeyring(t, key(1))
	a, _ := k.Seal([]byte("same"), nil)
	b, _ := k.Seal([]byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Error("two seals of one plaintext are identical")
	}
}

func TestOpenTampered(t *testing.T) {
	k := mustKeyring(t, key(1))
	sealed, err := k.Seal([]byte("totp secret"), []byte("user:1"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range sealed {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(sealed)
			bad[i] ^= bit
			if _, err := k.Open(bad, []byte("user:1")); err == nil {
				t.Errorf("byte %d bit %#x flipped: opened", i, bit)
			}
		}
	}
	for n := range len(sealed) {
		if _, err := k.Open(sealed[:n], []byte("user:1")); !errors.Is(err, secret.ErrInvalid) {
			t.Errorf("truncated to %d bytes: %v", n, err)
		}
	}
	if _, err := k.Open(append(bytes.Clone(sealed), 0), []byte("user:1")); err == nil {
		t.Error("extended value opened")
	}
}

func TestOpenWrongAdditionalData(t *testing.T) {
	k := mustKeyring(t, key(1))
	sealed, err := k.Seal([]byte("totp secret"), []byte("user:1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ad := range [][]byte{nil, []byte("user:2"), []byte("user:10"), []byte("user:1\x00")} {
		if _, err := k.Open(sealed, ad); !errors.Is(err, secret.ErrInvalid) {
			t.Errorf("additional data %q: %v", ad, err)
		}
	}
}

func TestOpenUnknownKey(t *testing.T) {
	sealed, err := mustKeyring(t, key(1)).Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mustKeyring(t, key(2), key(3)).Open(sealed, nil); !errors.Is(err, secret.ErrUnknownKey) {
		t.Errorf("Open under other keys: %v", err)
	}
}

func TestOldKeysOpenFirstKeySeals(t *testing.T) {
	old := mustKeyring(t, key(1))
	sealed, err := old.Seal([]byte("x"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	rotated := mustKeyring(t, key(2), key(1))
	if !old.SealedWithCurrent(sealed) || rotated.SealedWithCurrent(sealed) {
		t.Fatal("SealedWithCurrent does not follow the first key")
	}
	if got, err := rotated.Open(sealed, []byte("ad")); err != nil || string(got) != "x" {
		t.Fatalf("old value under rotated keyring: %q %v", got, err)
	}
	resealed, err := rotated.Reseal(sealed, []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	if !rotated.SealedWithCurrent(resealed) {
		t.Error("resealed value not under the first key")
	}
	if got, err := rotated.Open(resealed, []byte("ad")); err != nil || string(got) != "x" {
		t.Errorf("resealed value: %q %v", got, err)
	}
	if _, err := old.Open(resealed, []byte("ad")); !errors.Is(err, secret.ErrUnknownKey) {
		t.Errorf("resealed value under the old key alone: %v", err)
	}
	if _, err := rotated.Reseal(sealed, []byte("other")); !errors.Is(err, secret.ErrInvalid) {
		t.Errorf("Reseal with wrong additional data: %v", err)
	}
}

func TestSealedWithCurrentMalformed(t *testing.T) {
	k := mustKeyring(t, key(1))
	id := sha256.Sum256(key(1))
	for _, v := range [][]byte{nil, {1}, append([]byte{2}, id[:4]...)} {
		if k.SealedWithCurrent(v) {
			t.Errorf("SealedWithCurrent(%x) = true", v)
		}
	}
}

func TestNewKeyringErrors(t *testing.T) {
	for name, keys := range map[string][][]byte{
		"none":      nil,
		"short":     {make([]byte, 16)},
		"long":      {make([]byte, 33)},
		"bad later": {key(1), make([]byte, 31)},
		"duplicate": {key(1), key(2), key(1)},
	} {
		if _, err := secret.NewKeyring(rand.Reader, keys...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestKeyringConcurrentUse(t *testing.T) {
	k := mustKeyring(t, key(1), key(2))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			ad := []byte{byte(g)}
			for range 200 {
				s, err := k.Seal([]byte("v"), ad)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := k.Open(s, ad); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
