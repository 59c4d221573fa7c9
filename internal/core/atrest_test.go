package core_test

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestNoSecretsInDatabaseFile writes real data, then reads every byte of
// the SQLite file and its write-ahead log: no TOTP secret (as text or raw
// bytes), recovery code, email code or OIDC client secret may appear in
// them.
func TestNoSecretsInDatabaseFile(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "atrest@example.com"
	r.signUp(who)
	p := r.session(who)
	sec, recovery := r.enableTOTP(p)
	// A pending email code (for a login) and a pending new TOTP secret of a
	// second user.
	r.login(who)
	if _, err := r.Svc.SendLoginEmailCode(ctx, r.login(who).Token, r.meta); err != nil {
		t.Fatal(err)
	}
	emailCode := r.MailedCode(who)
	const other = "pending@example.com"
	r.signUp(other)
	op := r.session(other)
	setup, err := r.Svc.BeginTOTPSetup(ctx, op, r.proof(op), r.meta)
	if err != nil {
		t.Fatal(err)
	}
	_, clientSecret, err := r.Svc.AddOIDCClient(ctx, core.OIDCClientSpec{Name: "App", RedirectURIs: []string{"https://app.example.com/cb"}})
	if err != nil {
		t.Fatal(err)
	}

	rawClientSecret, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(clientSecret, "twofa_cs_"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(sec)
	if err != nil {
		t.Fatal(err)
	}
	needles := map[string][]byte{
		"TOTP secret":              []byte(sec),
		"TOTP secret (lower)":      []byte(strings.ToLower(sec)),
		"TOTP secret (raw)":        raw,
		"pending TOTP secret":      []byte(setup.Secret),
		"email code":               []byte(strings.ReplaceAll(emailCode, "-", "")),
		"email code (shown)":       []byte(emailCode),
		"OIDC client secret":       []byte(clientSecret),
		"OIDC client secret (raw)": rawClientSecret,
	}
	for i, c := range recovery {
		needles["recovery code "+c] = []byte(c)
		needles["recovery code (bare) "+c] = []byte(strings.ReplaceAll(c, "-", ""))
		_ = i
	}
	files, err := filepath.Glob(r.DBPath + "*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no database files: %v", err)
	}
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	// The scan must be able to find things: the account's email is stored
	// in clear and must show up.
	if !bytes.Contains(all, []byte(who)) {
		t.Fatal("the scan does not see the email address; it reads the wrong files")
	}
	for what, needle := range needles {
		if bytes.Contains(all, needle) {
			t.Errorf("%s found in clear in the database files", what)
		}
	}
	_ = core.MethodTOTP
}
