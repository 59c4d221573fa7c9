package secret

import (
	"bytes"
	"crypto/rand"
	"testing"
)

// benchKeyring is a keyring of one random key, reading nonces from
// crypto/rand as production does.
func benchKeyring(b *testing.B) *Keyring {
	b.Helper()
	key := make([]byte, KeySize)
	rand.Read(key)
	k, err := NewKeyring(rand.Reader, key)
	if err != nil {
		b.Fatal(err)
	}
	return k
}

// A TOTP secret as stored: 32 base32 characters bound to a user id.
var (
	benchPlain = []byte("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	benchAD    = []byte("u_abcdefghijklmnop")
)

func BenchmarkSeal(b *testing.B) {
	k := benchKeyring(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Seal(benchPlain, benchAD); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen opens a TOTP secret, as every TOTP login does once.
func BenchmarkOpen(b *testing.B) {
	k := benchKeyring(b)
	sealed, err := k.Seal(benchPlain, benchAD)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		got, err := k.Open(sealed, benchAD)
		if err != nil || !bytes.Equal(got, benchPlain) {
			b.Fatalf("Open = %q, %v", got, err)
		}
	}
}

// BenchmarkMACSum hashes a recovery code as the core does (purpose
// "recovery:<user id>").
func BenchmarkMACSum(b *testing.B) {
	key := make([]byte, MinMACKeySize)
	rand.Read(key)
	m := NewMAC(key)
	b.ReportAllocs()
	for b.Loop() {
		if sum := m.Sum("recovery:u_abcdefghijklmnop", "abcdefghij"); len(sum) != 32 {
			b.Fatalf("sum is %d bytes", len(sum))
		}
	}
}
