package codes_test

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/codes"
)

func TestNormalizeDigits(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"123456", 6, "123456"},
		{"123-456", 6, "123456"},
		{" 123 456 ", 6, "123456"},
		{"1\t2\n3\r4-5-6", 6, "123456"},
		{"123\u00a0456", 6, "123456"},
		{"000000", 6, "000000"},
		{"12345678", 8, "12345678"},
	} {
		got, ok := codes.NormalizeDigits(tc.in, tc.n)
		if !ok || got != tc.want {
			t.Errorf("NormalizeDigits(%q, %d) = %q, %v; want %q", tc.in, tc.n, got, ok, tc.want)
		}
	}
	for _, tc := range []struct {
		in string
		n  int
	}{
		{"", 6}, {"12345", 6}, {"1234567", 6}, {"12345a", 6}, {"123_456", 6}, {"123.456", 6},
		{"١٢٣٤٥٦", 6}, // Arabic-Indic digits are digits, but not ASCII
		{"１２３４５６", 6}, {"+123456", 6}, {"123456", 0}, {"", 0}, {"123456", -1},
	} {
		if got, ok := codes.NormalizeDigits(tc.in, tc.n); ok || got != "" {
			t.Errorf("NormalizeDigits(%q, %d) = %q, %v; want rejection", tc.in, tc.n, got, ok)
		}
	}
	if _, ok := codes.NormalizeDigits("123456", 1<<62); ok {
		t.Error("accepted six digits for a huge n")
	}
}
