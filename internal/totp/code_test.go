package totp_test

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/totp"
)

// b32 encodes an ASCII seed from the RFCs the way secrets are stored.
func b32(seed string) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(seed))
}

// RFC 4226 Appendix D: HOTP values for counters 0-9 of the ASCII seed
// "12345678901234567890".
func TestCodeAtRFC4226(t *testing.T) {
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	secret := b32("12345678901234567890")
	for counter, w := range want {
		got, err := totp.CodeAt(secret, int64(counter), totp.Default)
		if err != nil {
			t.Fatalf("counter %d: %v", counter, err)
		}
		if got != w {
			t.Errorf("counter %d: got %s, want %s", counter, got, w)
		}
	}
}

// RFC 6238 Appendix B: eight-digit TOTP values for the three hash functions,
// each with a seed as long as its hash output (20, 32 and 64 bytes).
func TestCodeAtRFC6238(t *testing.T) {
	seeds := map[string]string{
		"SHA1":   "12345678901234567890",
		"SHA256": "12345678901234567890123456789012",
		"SHA512": "1234567890123456789012345678901234567890123456789012345678901234",
	}
	tests := []struct {
		unix   int64
		step   int64 // the "Value of T (hex)" column
		sha1   string
		sha256 string
		sha512 string
	}{
		{59, 0x1, "94287082", "46119246", "90693936"},
		{1111111109, 0x23523EC, "07081804", "68084774", "25091201"},
		{1111111111, 0x23523ED, "14050471", "67062674", "99943326"},
		{1234567890, 0x273EF07, "89005924", "91819424", "93441116"},
		{2000000000, 0x3F940AA, "69279037", "90698825", "38618901"},
		{20000000000, 0x27BC86AA, "65353130", "77737706", "47863826"},
	}
	for _, tc := range tests {
		step := totp.Step(time.Unix(tc.unix, 0))
		if step != tc.step {
			t.Errorf("Step(%d) = %#x, want %#x", tc.unix, step, tc.step)
		}
		for alg, want := range map[string]string{"SHA1": tc.sha1, "SHA256": tc.sha256, "SHA512": tc.sha512} {
			p := totp.Params{Algorithm: alg, Digits: 8, Period: 30}
			got, err := totp.CodeAt(b32(seeds[alg]), step, p)
			if err != nil {
				t.Fatalf("%s at %d: %v", alg, tc.unix, err)
			}
			if got != want {
				t.Errorf("%s at %d: got %s, want %s", alg, tc.unix, got, want)
			}
		}
	}
}

func TestCodeAtSecretSpellings(t *testing.T) {
	// 16 bytes encode to 26 symbols, which StdEncoding pads with six '='.
	padded := base32.StdEncoding.EncodeToString([]byte("0123456789abcdef"))
	if !strings.HasSuffix(padded, "======") {
		t.Fatalf("test secret %q is not padded", padded)
	}
	want, err := totp.CodeAt(padded, 1234, totp.Default)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		strings.TrimRight(padded, "="),
		strings.ToLower(padded),
		strings.ToLower(strings.TrimRight(padded, "=")),
		totp.Group(padded),
		" " + strings.ToLower(totp.Group(padded)) + "\t\n",
	} {
		got, err := totp.CodeAt(s, 1234, totp.Default)
		if err != nil {
			t.Errorf("CodeAt(%q): %v", s, err)
			continue
		}
		if got != want {
			t.Errorf("CodeAt(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestCodeAtErrors(t *testing.T) {
	good := b32("12345678901234567890")
	for _, s := range []string{"", "   ", "====", "A", "ABC", "ABCDEF", "GEZDGNB!", "GEZDGNB1"} {
		if _, err := totp.CodeAt(s, 1, totp.Default); err == nil {
			t.Errorf("CodeAt(%q) accepted a broken secret", s)
		}
	}
	for _, p := range []totp.Params{
		{Algorithm: "MD5", Digits: 6, Period: 30},
		{Algorithm: "", Digits: 6, Period: 30},
		{Algorithm: "SHA1", Digits: 5, Period: 30},
		{Algorithm: "SHA1", Digits: 9, Period: 30},
	} {
		if _, err := totp.CodeAt(good, 1, p); err == nil {
			t.Errorf("CodeAt with %+v: no error", p)
		}
	}
	if _, err := totp.CodeAt(good, -1, totp.Default); err == nil {
		t.Error("CodeAt with a negative step: no error")
	}
}

func TestStep(t *testing.T) {
	for _, tc := range []struct {
		unix int64
		want int64
	}{{0, 0}, {29, 0}, {30, 1}, {59, 1}, {60, 2}, {-1, -1}, {-30, -1}, {-31, -2}} {
		if got := totp.Step(time.Unix(tc.unix, 999_999_999)); got != tc.want {
			t.Errorf("Step(%d) = %d, want %d", tc.unix, got, tc.want)
		}
	}
}
