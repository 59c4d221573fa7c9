package codes

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// EmailCodeLen is the number of digits in an email code.
const EmailCodeLen = 6

const (
	// emailCodeSpace is the number of distinct email codes.
	emailCodeSpace = 1_000_000
	// emailCodeLimit is the largest multiple of emailCodeSpace that fits
	// in 32 bits; draws at or above it are rejected so that every code is
	// equally likely.
	emailCodeLimit = (1 << 32) / emailCodeSpace * emailCodeSpace
	// maxDraws bounds rejection sampling. An honest source is rejected
	// with probability 0.02% per draw, so this only stops a broken one.
	maxDraws = 32
)

// NewEmailCode returns a new code of EmailCodeLen decimal digits read from
// r, every code equally likely.
func NewEmailCode(r io.Reader) (string, error) {
	var buf [4]byte
	for range maxDraws {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return "", fmt.Errorf("codes: reading random email code: %w", err)
		}
		v := binary.BigEndian.Uint32(buf[:])
		if v < emailCodeLimit {
			return fmt.Sprintf("%06d", v%emailCodeSpace), nil
		}
	}
	return "", errors.New("codes: random source keeps returning rejected values")
}

// FormatEmailCode shows a six-digit code in two groups for reading:
// "123456" becomes "123-456". Any other string is returned unchanged.
func FormatEmailCode(code string) string {
	if len(code) != EmailCodeLen {
		return code
	}
	return code[:3] + "-" + code[3:]
}
