package core_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/codes"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/secret"
)

// macKey opens the server HMAC key the rig's Service created on its first
// start.
func macKey(t *testing.T, r *rig) []byte {
	t.Helper()
	sealed, err := r.Store.Setting(context.Background(), core.MACKeySetting)
	if err != nil {
		t.Fatalf("no %s setting after core.New: %v", core.MACKeySetting, err)
	}
	key, err := r.Keys.Open(sealed, []byte(core.MACKeySetting))
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestMACKeyIsRandom: core.New creates a server HMAC key of 32 bytes that is
// not one byte repeated and differs between two databases. A constant key
// would let anyone with a copy of the database test every recovery and
// email code offline without the key file.
func TestMACKeyIsRandom(t *testing.T) {
	a, b := macKey(t, newRig(t)), macKey(t, newRig(t))
	for _, k := range [][]byte{a, b} {
		if len(k) < 32 {
			t.Fatalf("HMAC key is %d bytes, want 32", len(k))
		}
		if bytes.Equal(k, bytes.Repeat(k[:1], len(k))) {
			t.Errorf("HMAC key is the byte %#x repeated: not read from the random source", k[0])
		}
	}
	if bytes.Equal(a, b) {
		t.Error("two new databases got the same HMAC key")
	}
}

// TestCodeHashesUseTheMACKey reads the stored recovery code and email code
// hashes from the database file: each is the HMAC under the server key
// (so the check below means something) and none is the HMAC under an
// all-zero key, as it would be if the Service ignored the key it loaded.
// The purposes ("recovery:" and the user id, "email-code:login:" and the
// challenge hash) are those of core's factors.go.
func TestCodeHashesUseTheMACKey(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "mac-key@example.com"
	u := r.signUp(who)
	_, recovery := r.enableTOTP(r.session(who))
	ch := r.login(who)
	if _, err := r.Svc.SendLoginEmailCode(ctx, ch.Token, r.meta); err != nil {
		t.Fatal(err)
	}
	emailCode := strings.ReplaceAll(r.MailedCode(who), "-", "")

	server := secret.NewMAC(macKey(t, r))
	zero := secret.NewMAC(make([]byte, 32))
	db := readDB(t, r)

	stored := queryBlobs(t, db, `SELECT code_hash FROM recovery_codes WHERE user_id = ?`, u.ID)
	if len(stored) != len(recovery) {
		t.Fatalf("%d recovery code hashes stored, %d codes shown", len(stored), len(recovery))
	}
	isStored := map[string]bool{}
	for _, h := range stored {
		isStored[string(h)] = true
	}
	for _, c := range recovery {
		norm, ok := codes.NormalizeRecoveryCode(c)
		if !ok {
			t.Fatalf("shown recovery code %q does not normalise", c)
		}
		purpose := "recovery:" + u.ID
		if !isStored[string(server.Sum(purpose, norm))] {
			t.Errorf("recovery code %s: no stored hash is its HMAC under the server key", c)
		}
		if isStored[string(zero.Sum(purpose, norm))] {
			t.Errorf("recovery code %s is stored as its HMAC under an all-zero key", c)
		}
	}

	sum := sha256.Sum256([]byte(ch.Token))
	purpose := "login:" + hex.EncodeToString(sum[:])
	hashes := queryBlobs(t, db, `SELECT code_hash FROM email_codes WHERE user_id = ? AND purpose = ? ORDER BY created_at DESC, rowid DESC`, u.ID, purpose)
	if len(hashes) == 0 {
		t.Fatalf("no email code stored for purpose %s", purpose)
	}
	if !bytes.Equal(hashes[0], server.Sum("email-code:"+purpose, emailCode)) {
		t.Error("the stored email code hash is not its HMAC under the server key")
	}
	if bytes.Equal(hashes[0], zero.Sum("email-code:"+purpose, emailCode)) {
		t.Error("the email code is stored as its HMAC under an all-zero key")
	}
}
