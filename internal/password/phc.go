package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash reports a stored hash that is not an argon2id PHC string
// this package can verify.
var ErrMalformedHash = errors.New("password: malformed argon2id hash")

// b64 is the PHC string encoding of salt and hash: standard alphabet, no
// padding, no stray bits.
var b64 = base64.RawStdEncoding.Strict()

// storedHash is a parsed argon2id PHC string.
type storedHash struct {
	params Params
	salt   []byte
	key    []byte
}

// String encodes h in the canonical PHC form.
func (h storedHash) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.params.Memory, h.params.Iterations, h.params.Parallelism,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parsePHC parses s, accepting only the canonical form that String writes.
func parsePHC(s string) (storedHash, error) {
	fail := func(why string) (storedHash, error) {
		return storedHash{}, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	fields := strings.Split(s, "$")
	if len(fields) != 6 || fields[0] != "" {
		return fail("want $argon2id$v=..$m=..,t=..,p=..$salt$hash")
	}
	if fields[1] != "argon2id" {
		return fail(fmt.Sprintf("algorithm %q is not argon2id", fields[1]))
	}
	if fields[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail(fmt.Sprintf("version %q is not v=%d", fields[2], argon2.Version))
	}
	costs := strings.Split(fields[3], ",")
	if len(costs) != 3 {
		return fail("want parameters m=..,t=..,p=..")
	}
	var values [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		digits, ok := strings.CutPrefix(costs[i], name+"=")
		if !ok {
			return fail(fmt.Sprintf("parameter %d is not %s=", i+1, name))
		}
		v, err := parseDecimal(digits, 32)
		if err != nil {
			return fail(fmt.Sprintf("parameter %s: %v", name, err))
		}
		values[i] = v
	}
	if values[2] > 255 {
		return fail("parallelism above 255")
	}
	salt, err := b64.DecodeString(fields[4])
	if err != nil {
		return fail("salt is not unpadded base64")
	}
	key, err := b64.DecodeString(fields[5])
	if err != nil {
		return fail("hash is not unpadded base64")
	}
	h := storedHash{
		params: Params{
			Memory:      uint32(values[0]),
			Iterations:  uint32(values[1]),
			Parallelism: uint8(values[2]),
			SaltLen:     uint32(len(salt)),
			KeyLen:      uint32(len(key)),
		},
		salt: salt,
		key:  key,
	}
	if err := h.params.validate(); err != nil {
		return fail(err.Error())
	}
	return h, nil
}

// parseDecimal parses an unsigned decimal without sign or leading zeros.
func parseDecimal(s string, bits int) (uint64, error) {
	if s == "" || (len(s) > 1 && s[0] == '0') || s[0] < '0' || s[0] > '9' {
		return 0, fmt.Errorf("%q is not a canonical decimal", s)
	}
	return strconv.ParseUint(s, 10, bits)
}
