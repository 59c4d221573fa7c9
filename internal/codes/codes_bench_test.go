package codes

import (
	"crypto/rand"
	"testing"
)

func BenchmarkNewRecoveryCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRecoveryCode(rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeRecoveryCode normalises a code as shown ("abcde-fghij")
// and as typed in capitals with a space.
func BenchmarkNormalizeRecoveryCode(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"canonical", "abcde-fghij"},
		{"typed", "ABCDE FGHIJ"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := NormalizeRecoveryCode(c.in); !ok {
					b.Fatalf("NormalizeRecoveryCode(%q) refused", c.in)
				}
			}
		})
	}
}

func BenchmarkNormalizeDigits(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := NormalizeDigits("123-456", EmailCodeLen); !ok {
			b.Fatal("NormalizeDigits refused")
		}
	}
}

func BenchmarkNewEmailCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewEmailCode(rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}
