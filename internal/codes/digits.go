package codes

import "unicode"

// NormalizeDigits turns a numeric code as typed (an email or TOTP code) into
// its canonical form by removing dashes and whitespace. It reports false,
// with an empty string, unless exactly n ASCII digits remain and nothing
// else; n must be positive.
func NormalizeDigits(s string, n int) (string, bool) {
	if n <= 0 {
		return "", false
	}
	out := make([]byte, 0, min(n, len(s)))
	for _, r := range s {
		switch {
		case r == '-' || unicode.IsSpace(r):
			continue
		case r < '0' || r > '9' || len(out) == n:
			return "", false
		}
		out = append(out, byte(r))
	}
	if len(out) != n {
		return "", false
	}
	return string(out), true
}
