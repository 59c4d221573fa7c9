package codes

import (
	"fmt"
	"io"
	"unicode"
)

// RecoveryAlphabet holds the 32 symbols of recovery codes: lower-case
// letters and digits without 0, o, 1 and l, which are easily confused.
const RecoveryAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// RecoveryLen is the number of symbols in a recovery code: 50 bits.
const RecoveryLen = 10

// inRecoveryAlphabet[c] reports whether byte c is a RecoveryAlphabet symbol.
var inRecoveryAlphabet = func() (t [256]bool) {
	for i := 0; i < len(RecoveryAlphabet); i++ {
		t[RecoveryAlphabet[i]] = true
	}
	return t
}()

// NewRecoveryCode returns a new recovery code of RecoveryLen symbols read
// from r, shown as two groups of five: "xxxxx-xxxxx". Each symbol takes the
// low five bits of one random byte; as 32 divides 256 every symbol is
// equally likely.
func NewRecoveryCode(r io.Reader) (string, error) {
	var raw [RecoveryLen]byte
	if _, err := io.ReadFull(r, raw[:]); err != nil {
		return "", fmt.Errorf("codes: reading random recovery code: %w", err)
	}
	code := make([]byte, 0, RecoveryLen+1)
	for i, b := range raw {
		if i == RecoveryLen/2 {
			code = append(code, '-')
		}
		code = append(code, RecoveryAlphabet[b&31])
	}
	return string(code), nil
}

// NormalizeRecoveryCode turns a recovery code as typed into its canonical
// form: ASCII letters lower-cased, dashes and whitespace removed. It reports
// false, with an empty string, unless exactly RecoveryLen symbols of
// RecoveryAlphabet remain and nothing else.
func NormalizeRecoveryCode(s string) (string, bool) {
	out := make([]byte, 0, RecoveryLen)
	for _, r := range s {
		switch {
		case r == '-' || unicode.IsSpace(r):
			continue
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		}
		if r >= 0x80 || !inRecoveryAlphabet[r] || len(out) == RecoveryLen {
			return "", false
		}
		out = append(out, byte(r))
	}
	if len(out) != RecoveryLen {
		return "", false
	}
	return string(out), true
}
