package totp

import (
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// SecretSize is the number of random bytes in a new secret (160 bits, the
// length RFC 4226 recommends and the HMAC-SHA1 output size).
const SecretSize = 20

// ErrInvalidSecret reports a secret that is not base32 or is empty.
var ErrInvalidSecret = errors.New("totp: secret is not valid base32")

// unpadded is base32 as authenticator apps expect it: standard alphabet,
// no padding.
var unpadded = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns a new secret of SecretSize bytes read from r, encoded as
// upper-case base32 without padding.
func NewSecret(r io.Reader) (string, error) {
	b := make([]byte, SecretSize)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("totp: reading random secret: %w", err)
	}
	return unpadded.EncodeToString(b), nil
}

// normalizeSecret removes whitespace and padding and upper-cases s, and
// checks that what remains is non-empty base32.
func normalizeSecret(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
	s = strings.TrimRight(s, "=")
	if s == "" {
		return "", ErrInvalidSecret
	}
	if _, err := unpadded.DecodeString(s); err != nil {
		return "", ErrInvalidSecret
	}
	return s, nil
}

// Group formats secret for typing by hand: upper case, no padding, in groups
// of four separated by single spaces ("ABCD EFGH IJKL ...").
func Group(secret string) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, secret)
	s = strings.TrimRight(s, "=")
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}
