package totp

import (
	"fmt"
	"strings"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// Params describes how codes are derived from a secret.
type Params struct {
	// Algorithm is the HMAC hash: "SHA1", "SHA256" or "SHA512".
	Algorithm string
	// Digits is the length of a code, 6 to 8.
	Digits int
	// Period is the length of a time step in seconds.
	Period int
}

// Default is what every common authenticator app supports: SHA1, six
// digits, thirty-second steps.
var Default = Params{Algorithm: "SHA1", Digits: 6, Period: 30}

// options converts p into the options of the HOTP implementation,
// rejecting algorithms and lengths this package does not offer.
func (p Params) options() (hotp.ValidateOpts, error) {
	var alg otp.Algorithm
	switch strings.ToUpper(p.Algorithm) {
	case "SHA1":
		alg = otp.AlgorithmSHA1
	case "SHA256":
		alg = otp.AlgorithmSHA256
	case "SHA512":
		alg = otp.AlgorithmSHA512
	default:
		return hotp.ValidateOpts{}, fmt.Errorf("totp: unsupported algorithm %q", p.Algorithm)
	}
	if p.Digits < 6 || p.Digits > 8 {
		return hotp.ValidateOpts{}, fmt.Errorf("totp: unsupported number of digits %d (want 6 to 8)", p.Digits)
	}
	return hotp.ValidateOpts{Algorithm: alg, Digits: otp.Digits(p.Digits)}, nil
}
