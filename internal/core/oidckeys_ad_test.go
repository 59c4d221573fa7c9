package core_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// TestResealAllOIDCSigningKeys: key rotation re-encrypts the sealed OIDC
// signing keys under the new key, bound to "oidc-signing-key:" and the key
// ID, and leaves a key already under the new key as it is.
func TestResealAllOIDCSigningKeys(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twofa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	oldKey, newKey := make([]byte, secret.KeySize), make([]byte, secret.KeySize)
	rand.Read(oldKey)
	rand.Read(newKey)
	ring := func(keys ...[]byte) *secret.Keyring {
		k, err := secret.NewKeyring(rand.Reader, keys...)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	old, rotated, onlyNew := ring(oldKey), ring(newKey, oldKey), ring(newKey)
	ad := func(id string) []byte { return []byte("oidc-signing-key:" + id) }
	seal := func(keys *secret.Keyring, id, private string) core.OIDCSigningKey {
		sealed, err := keys.Seal([]byte(private), ad(id))
		if err != nil {
			t.Fatal(err)
		}
		return core.OIDCSigningKey{ID: id, Algorithm: "ES256", Sealed: sealed, CreatedAt: time.Unix(1, 0)}
	}
	now := time.Unix(100, 0)
	if err := st.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{seal(old, "k1", "private one")}, now); err != nil {
		t.Fatal(err)
	}
	k2 := seal(rotated, "k2", "private two")
	if err := st.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k2}, now); err != nil {
		t.Fatal(err)
	}

	if _, err := core.ResealAll(ctx, st, rotated); err != nil {
		t.Fatal(err)
	}
	keys, err := st.OIDCSigningKeys(ctx)
	if err != nil || len(keys) != 2 {
		t.Fatalf("OIDCSigningKeys = %d keys, %v; want 2", len(keys), err)
	}
	want := map[string]string{"k1": "private one", "k2": "private two"}
	for _, k := range keys {
		got, err := onlyNew.Open(k.Sealed, ad(k.ID))
		if err != nil || string(got) != want[k.ID] {
			t.Errorf("key %s under the new key alone = %q, %v; want %q", k.ID, got, err, want[k.ID])
		}
		if k.ID == "k2" && !bytes.Equal(k.Sealed, k2.Sealed) {
			t.Error("key k2, sealed under the new key already, was rewritten")
		}
	}
}
