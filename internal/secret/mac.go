package secret

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"strings"
)

// MinMACKeySize is the shortest key NewMAC accepts.
const MinMACKeySize = 32

// MAC computes keyed hashes (HMAC-SHA256) of values that are stored only to
// be compared, such as recovery codes. Each hash is made for a purpose, so a
// hash made for one purpose never matches one made for another. It is safe
// for concurrent use.
type MAC struct {
	key []byte
}

// NewMAC returns a MAC with key, which must be at least MinMACKeySize bytes;
// a shorter key is a programming error and panics.
func NewMAC(key []byte) *MAC {
	if len(key) < MinMACKeySize {
		panic(fmt.Sprintf("secret: MAC key is %d bytes, want at least %d", len(key), MinMACKeySize))
	}
	return &MAC{key: bytes.Clone(key)}
}

// Sum returns HMAC-SHA256 over purpose, a zero byte, and data. purpose is a
// constant naming what the hash is for ("recovery-code", "email-code", ...);
// it must not contain a zero byte, which panics.
func (m *MAC) Sum(purpose string, data string) []byte {
	if strings.IndexByte(purpose, 0) >= 0 {
		panic("secret: MAC purpose contains a zero byte")
	}
	h := hmac.New(sha256.New, m.key)
	h.Write([]byte(purpose))
	h.Write([]byte{0})
	h.Write([]byte(data))
	return h.Sum(nil)
}

// Equal reports whether two sums are equal, in time independent of their
// contents.
func (m *MAC) Equal(a, b []byte) bool {
	return hmac.Equal(a, b)
}
