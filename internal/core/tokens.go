package core

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
)

// newToken returns a bearer secret with 256 bits from r, URL-safe.
func newToken(r io.Reader) (string, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is how bearer secrets are stored and looked up. They carry 256
// bits, so a plain SHA-256 is enough to make a database copy useless.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	var out [2 * sha256.Size]byte // on the stack: the string is the one copy
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns a random identifier with 80 bits, prefixed for readability.
func newID(r io.Reader, prefix string) (string, error) {
	b := make([]byte, 10)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	return prefix + idEncoding.EncodeToString(b), nil
}
