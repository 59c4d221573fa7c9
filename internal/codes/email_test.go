package codes_test

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"testing"

	"github.com/twofa-dev/twofa/internal/codes"
)

// words encodes 32-bit values as a random source would deliver them.
func words(vs ...uint32) *bytes.Reader {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return bytes.NewReader(b)
}

func TestNewEmailCodeRejectionSampling(t *testing.T) {
	for _, tc := range []struct {
		src  *bytes.Reader
		want string
	}{
		{words(0), "000000"},
		{words(42), "000042"},
		{words(4_293_999_999), "999999"},    // the largest accepted draw
		{words(4_294_000_000, 7), "000007"}, // the smallest rejected draw
		{words(0xFFFFFFFF, 0xFFFFFFFE, 123456), "123456"},
	} {
		got, err := codes.NewEmailCode(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestNewEmailCodeBrokenSource(t *testing.T) {
	stuck := make([]uint32, 1000)
	for i := range stuck {
		stuck[i] = 0xFFFFFFFF
	}
	if _, err := codes.NewEmailCode(words(stuck...)); err == nil {
		t.Error("a source that only yields rejected values gave a code")
	}
	if _, err := codes.NewEmailCode(bytes.NewReader([]byte{1, 2, 3})); err == nil {
		t.Error("a short source gave a code")
	}
}

// TestNewEmailCodeUniform draws 10000 codes: every digit must appear in every
// position (expected 1000 times each; a miss has probability below 1e-400)
// and stay within ±20% of the mean, over six standard deviations.
func TestNewEmailCodeUniform(t *testing.T) {
	const draws = 10000
	var counts [6][10]int
	for range draws {
		c, err := codes.NewEmailCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := codes.NormalizeDigits(c, 6); !ok || n != c {
			t.Fatalf("%q is not six digits", c)
		}
		for pos := range 6 {
			counts[pos][c[pos]-'0']++
		}
	}
	for pos := range counts {
		for d, n := range counts[pos] {
			if n < 800 || n > 1200 {
				t.Errorf("digit %d at position %d drawn %d times, expected about 1000", d, pos, n)
			}
		}
	}
}

func TestFormatEmailCode(t *testing.T) {
	for in, want := range map[string]string{
		"123456": "123-456",
		"000000": "000-000",
		"12345":  "12345",
		"":       "",
	} {
		if got := codes.FormatEmailCode(in); got != want {
			t.Errorf("FormatEmailCode(%q) = %q, want %q", in, got, want)
		}
	}
}
