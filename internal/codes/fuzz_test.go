package codes_test

import (
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/codes"
)

func FuzzNormalizeRecoveryCode(f *testing.F) {
	for _, s := range []string{
		"abcde-fghij", "ABCDE-FGHIJ", " abcde fghij\n", "abcde-fghi", "abcde-fghijk", "abcde-fghi0",
		"", "-", "\u212abcde-fghij", "aaaaa-aaaaa-aaaaa", "23456-789zz", "ab\u00a0cde-fghij", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := codes.NormalizeRecoveryCode(s)
		if !ok {
			if out != "" {
				t.Fatalf("rejected %q but returned %q", s, out)
			}
			return
		}
		if len(out) != codes.RecoveryLen {
			t.Fatalf("%q -> %q: length %d", s, out, len(out))
		}
		for i := 0; i < len(out); i++ {
			if strings.IndexByte(codes.RecoveryAlphabet, out[i]) < 0 {
				t.Fatalf("%q -> %q: %q not in the alphabet", s, out, out[i])
			}
		}
		for _, again := range []string{out, out[:5] + "-" + out[5:], strings.ToUpper(out)} {
			if got, ok := codes.NormalizeRecoveryCode(again); !ok || got != out {
				t.Fatalf("%q -> %q, but %q -> %q, %v", s, out, again, got, ok)
			}
		}
	})
}

func FuzzNormalizeDigits(f *testing.F) {
	for _, seed := range []struct {
		s string
		n int
	}{
		{"123456", 6}, {"123-456", 6}, {" 12 34 56 ", 6}, {"12345678", 8}, {"12345", 6}, {"1234567", 6},
		{"12a456", 6}, {"", 0}, {"١٢٣٤٥٦", 6}, {"\xff123456", 6}, {"123456", -1},
	} {
		f.Add(seed.s, seed.n)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		out, ok := codes.NormalizeDigits(s, n)
		if !ok {
			if out != "" {
				t.Fatalf("rejected (%q, %d) but returned %q", s, n, out)
			}
			return
		}
		if n <= 0 || len(out) != n {
			t.Fatalf("(%q, %d) -> %q: wrong length", s, n, out)
		}
		for i := 0; i < len(out); i++ {
			if out[i] < '0' || out[i] > '9' {
				t.Fatalf("(%q, %d) -> %q: non-digit %q", s, n, out, out[i])
			}
		}
		if got, ok := codes.NormalizeDigits(out, n); !ok || got != out {
			t.Fatalf("(%q, %d) -> %q, but re-normalising gives %q, %v", s, n, out, got, ok)
		}
		if n == codes.EmailCodeLen {
			if got, ok := codes.NormalizeDigits(codes.FormatEmailCode(out), n); !ok || got != out {
				t.Fatalf("%q formatted does not normalise back: %q, %v", out, got, ok)
			}
		}
	})
}
