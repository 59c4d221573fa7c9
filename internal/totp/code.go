package totp

import (
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/pquerna/otp/hotp"
)

// Step returns the RFC 6238 time step of t for Default: whole periods since
// the Unix epoch.
func Step(t time.Time) int64 {
	return floorDiv(t.Unix(), int64(Default.Period))
}

// floorDiv divides rounding towards negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// CodeAt returns the code for time step step: the HOTP value (RFC 4226) of
// that counter under p. The secret is base32 in any case, with or without
// padding; whitespace in it is ignored.
func CodeAt(secret string, step int64, p Params) (string, error) {
	opts, err := p.options()
	if err != nil {
		return "", err
	}
	s, err := normalizeSecret(secret)
	if err != nil {
		return "", err
	}
	return codeAt(s, step, opts)
}

// codeAt computes the code for an already normalised secret.
func codeAt(secret string, step int64, opts hotp.ValidateOpts) (string, error) {
	if step < 0 {
		return "", fmt.Errorf("totp: negative time step %d", step)
	}
	return hotp.GenerateCodeCustom(secret, uint64(step), opts)
}

// Match reports whether code is the Default code of secret for any time step
// from Step(now)-skew to Step(now)+skew, and if so which step matched (the
// earliest, should two steps share a code). Every step in the window is
// computed and compared in constant time, so timing reveals neither whether
// nor where the code matched. code must already be normalised to exactly
// Default.Digits ASCII digits; anything else simply does not match. The error
// is non-nil only when the secret itself is broken.
//
// Match does not remember anything: refusing a step that was already used is
// the caller's job.
func Match(secret, code string, now time.Time, skew int) (step int64, ok bool, err error) {
	opts, err := Default.options()
	if err != nil {
		return 0, false, err
	}
	s, err := normalizeSecret(secret)
	if err != nil {
		return 0, false, err
	}
	if skew < 0 {
		skew = 0
	}
	wellFormed := len(code) == Default.Digits
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			wellFormed = false
		}
	}
	found := 0
	current := Step(now)
	for d := -int64(skew); d <= int64(skew); d++ {
		candidate := current + d
		if candidate < 0 {
			continue
		}
		want, err := codeAt(s, candidate, opts)
		if err != nil {
			return 0, false, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && found == 0 {
			step, found = candidate, 1
		}
	}
	if !wellFormed || found == 0 {
		return 0, false, nil
	}
	return step, true, nil
}
