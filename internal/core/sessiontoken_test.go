package core_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

// TestSessionTokenStoredAsSHA256: after a login the sessions table holds
// the SHA-256 of the bearer token (hex) and never the token itself, in any
// spelling: whoever reads a copy of the database must not be able to use
// a session from it.
func TestSessionTokenStoredAsSHA256(t *testing.T) {
	r := newRig(t)
	const who = "token-hash@example.com"
	u := r.signUp(who)
	token := r.sessionToken(who)

	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatalf("session token %q is not URL-safe base64: %v", token, err)
	}
	sum := sha256.Sum256([]byte(token))
	want := hex.EncodeToString(sum[:])

	stored := queryBlobs(t, readDB(t, r), `SELECT token_hash FROM sessions WHERE user_id = ?`, u.ID)
	if len(stored) != 1 {
		t.Fatalf("%d sessions stored after one login, want 1", len(stored))
	}
	got := string(stored[0])
	if got != want {
		t.Errorf("stored token hash %q, want the hex SHA-256 of the token %q", got, want)
	}
	for what, clear := range map[string]string{
		"the token":             token,
		"the token in hex":      hex.EncodeToString([]byte(token)),
		"the token's bytes hex": hex.EncodeToString(raw),
	} {
		if strings.Contains(strings.ToLower(got), strings.ToLower(clear)) {
			t.Errorf("the sessions table holds %s", what)
		}
	}
}
