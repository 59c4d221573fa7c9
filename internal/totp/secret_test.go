package totp_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/twofa-dev/twofa/internal/totp"
)

func TestNewSecret(t *testing.T) {
	s, err := totp.NewSecret(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 32 || strings.ToUpper(s) != s || strings.Contains(s, "=") {
		t.Fatalf("secret %q: want 32 upper-case base32 symbols without padding", s)
	}
	raw, err := base32.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != 20 {
		t.Fatalf("secret %q decodes to %d bytes, %v", s, len(raw), err)
	}
	if _, err := totp.CodeAt(s, 1, totp.Default); err != nil {
		t.Fatalf("new secret rejected by CodeAt: %v", err)
	}
}

func TestNewSecretUsesReader(t *testing.T) {
	seed := bytes.Repeat([]byte{0xff}, 20)
	s, err := totp.NewSecret(bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("7", 32); s != want {
		t.Errorf("got %q, want %q", s, want)
	}
	if _, err := totp.NewSecret(bytes.NewReader(seed[:19])); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short reader: err = %v", err)
	}
	boom := errors.New("boom")
	if _, err := totp.NewSecret(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("failing reader: err = %v", err)
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "",
		"ABC":                              "ABC",
		"ABCD":                             "ABCD",
		"abcdefghij":                       "ABCD EFGH IJ",
		"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ": "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
		"GAYTEMZUGU3DOOBZMFRGGZDFMY======": "GAYT EMZU GU3D OOBZ MFRG GZDF MY",
		" gezd gnbv\tgy3t ":                "GEZD GNBV GY3T",
	} {
		got := totp.Group(in)
		if got != want {
			t.Errorf("Group(%q) = %q, want %q", in, got, want)
		}
		if again := totp.Group(got); again != got {
			t.Errorf("Group is not idempotent on %q: %q", got, again)
		}
	}
}
