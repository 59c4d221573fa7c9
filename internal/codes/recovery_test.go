package codes_test

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/codes"
)

func TestRecoveryAlphabet(t *testing.T) {
	a := codes.RecoveryAlphabet
	if len(a) != 32 {
		t.Fatalf("%d symbols, want 32", len(a))
	}
	for i := 0; i < len(a); i++ {
		if strings.IndexByte(a, a[i]) != i {
			t.Errorf("symbol %q repeated", a[i])
		}
	}
	if strings.ContainsAny(a, "0o1l") {
		t.Error("alphabet holds a confusable symbol")
	}
}

func TestNewRecoveryCodeShape(t *testing.T) {
	for range 100 {
		c, err := codes.NewRecoveryCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 11 || c[5] != '-' {
			t.Fatalf("%q is not xxxxx-xxxxx", c)
		}
		norm, ok := codes.NormalizeRecoveryCode(c)
		if !ok || norm != c[:5]+c[6:] {
			t.Fatalf("NormalizeRecoveryCode(%q) = %q, %v", c, norm, ok)
		}
	}
}

func TestNewRecoveryCodeMapping(t *testing.T) {
	// Each byte picks the symbol at its low five bits, so bytes 32 apart
	// (and 0 and 255-31) pick the same symbol.
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "abcde-fghij"},
		{[]byte{32, 33, 34, 35, 36, 37, 38, 39, 40, 41}, "abcde-fghij"},
		{[]byte{31, 63, 95, 127, 159, 191, 223, 255, 30, 224}, "99999-9998a"},
	} {
		got, err := codes.NewRecoveryCode(bytes.NewReader(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("bytes %v: %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := codes.NewRecoveryCode(bytes.NewReader(make([]byte, 9))); err == nil {
		t.Error("no error from a short random source")
	}
}

// TestNewRecoveryCodeUniform draws 10000 codes. Every symbol must appear in
// every position (expected about 312 times each; the chance of a miss is
// below 1e-130) and overall counts must stay within ±20% of the mean, more
// than ten standard deviations, so the test cannot flake.
func TestNewRecoveryCodeUniform(t *testing.T) {
	const draws = 10000
	var perPos [10][32]int
	var total [32]int
	for range draws {
		c, err := codes.NewRecoveryCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		norm, _ := codes.NormalizeRecoveryCode(c)
		for pos := range 10 {
			sym := strings.IndexByte(codes.RecoveryAlphabet, norm[pos])
			perPos[pos][sym]++
			total[sym]++
		}
	}
	for pos := range perPos {
		for sym, n := range perPos[pos] {
			if n == 0 {
				t.Errorf("symbol %q never drawn at position %d", codes.RecoveryAlphabet[sym], pos)
			}
		}
	}
	mean := draws * 10 / 32
	for sym, n := range total {
		if n < mean*8/10 || n > mean*12/10 {
			t.Errorf("symbol %q drawn %d times, mean %d", codes.RecoveryAlphabet[sym], n, mean)
		}
	}
}

func TestNormalizeRecoveryCode(t *testing.T) {
	for in, want := range map[string]string{
		"abcde-fghij":                   "abcdefghij",
		"abcdefghij":                    "abcdefghij",
		"ABCDE-FGHIJ":                   "abcdefghij",
		"  aBcDe - FgHiJ \n":            "abcdefghij",
		"ab-cd-ef-gh-ij":                "abcdefghij",
		"a b\tc\nd\re\u00a0f\u3000ghij": "abcdefghij",
		"23456-789zz":                   "23456789zz",
		"--abcde--fghij--":              "abcdefghij",
	} {
		got, ok := codes.NormalizeRecoveryCode(in)
		if !ok || got != want {
			t.Errorf("NormalizeRecoveryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{
		"", "-", "abcde-fghi", "abcde-fghijk", "abcde-fghi0", "abcde-fghio", "abcde-fghi1", "abcde-fghil",
		"abcde_fghij", "abcde.fghij", "abcde–fghij", "abcdé-fghij", "abcde-fghij\x00", "ＡBCDE-FGHIJ",
		"\u212abcde-fghij", // Kelvin sign, which Unicode lower-cases to k
	} {
		if got, ok := codes.NormalizeRecoveryCode(in); ok || got != "" {
			t.Errorf("NormalizeRecoveryCode(%q) = %q, %v; want rejection", in, got, ok)
		}
	}
}
