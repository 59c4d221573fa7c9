package password

import (
	"fmt"
	"strconv"
	"strings"
)

// Params are the argon2id cost parameters and sizes.
type Params struct {
	// Memory is the memory cost in KiB.
	Memory uint32
	// Iterations is the number of passes over the memory.
	Iterations uint32
	// Parallelism is the number of lanes.
	Parallelism uint8
	// SaltLen is the length in bytes of the random salt.
	SaltLen uint32
	// KeyLen is the length in bytes of the derived hash.
	KeyLen uint32
}

// OWASP is the argon2id configuration the OWASP Password Storage Cheat Sheet
// recommends as its minimum: 19 MiB, two iterations, one lane, with a 16-byte
// salt and a 32-byte hash.
var OWASP = Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// Bounds on parameters, for new hashes and for those read back from PHC
// strings alike: a corrupt or hostile stored hash cannot make Verify allocate
// unbounded memory or spin for minutes.
const (
	maxMemory     = 4 << 20 // KiB, that is 4 GiB
	maxIterations = 100
	minSaltLen    = 8
	maxSaltLen    = 64
	minKeyLen     = 16
	maxKeyLen     = 64
)

// validate reports parameters outside what argon2id allows or what this
// package accepts.
func (p Params) validate() error {
	switch {
	case p.Parallelism < 1:
		return fmt.Errorf("parallelism %d: want at least 1", p.Parallelism)
	case p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB: want %d to %d", p.Memory, 8*uint32(p.Parallelism), maxMemory)
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("iterations %d: want 1 to %d", p.Iterations, maxIterations)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d: want %d to %d bytes", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length %d: want %d to %d bytes", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// String returns the cost parameters in the PHC form ParseParams reads,
// such as "m=19456,t=2,p=1".
func (p Params) String() string {
	return fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Iterations, p.Parallelism)
}

// ParseParams parses argon2id cost parameters written as in a PHC string:
// "m=19456,t=2,p=1", memory in KiB, iterations and parallelism, each given
// exactly once, in any order. Salt and hash lengths are OWASP's. An unknown
// key, a key without a value, or a value that is not a whole number within
// this package's bounds is an error naming the key.
func ParseParams(s string) (Params, error) {
	p := OWASP
	bounds := map[string]struct {
		max uint64
		set func(uint64)
	}{
		"m": {maxMemory, func(v uint64) { p.Memory = uint32(v) }},
		"t": {maxIterations, func(v uint64) { p.Iterations = uint32(v) }},
		"p": {255, func(v uint64) { p.Parallelism = uint8(v) }},
	}
	seen := map[string]bool{}
	for field := range strings.SplitSeq(s, ",") {
		key, value, hasValue := strings.Cut(strings.TrimSpace(field), "=")
		key = strings.TrimSpace(key)
		b, known := bounds[key]
		switch {
		case !known:
			return Params{}, fmt.Errorf("unknown key %q: want m, t and p, as in %q", key, OWASP.String())
		case seen[key]:
			return Params{}, fmt.Errorf("key %s given twice", key)
		case !hasValue || strings.TrimSpace(value) == "":
			return Params{}, fmt.Errorf("key %s has no value", key)
		}
		seen[key] = true
		value = strings.TrimSpace(value)
		v, err := strconv.ParseUint(value, 10, 64)
		if err != nil || v < 1 || v > b.max {
			return Params{}, fmt.Errorf("key %s: %q is not a whole number from 1 to %d", key, value, b.max)
		}
		b.set(v)
	}
	for _, key := range []string{"m", "t", "p"} {
		if !seen[key] {
			return Params{}, fmt.Errorf("key %s is missing: want m, t and p, as in %q", key, OWASP.String())
		}
	}
	if err := p.validate(); err != nil {
		return Params{}, fmt.Errorf("key m: %v", err) // only memory below 8 KiB per lane is left
	}
	return p, nil
}

// owaspMinimums are the argon2id configurations of the OWASP Password
// Storage Cheat Sheet, equal in strength: memory in KiB with iterations.
var owaspMinimums = []struct{ memory, iterations uint32 }{
	{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5},
}

// BelowOWASP reports whether p costs less than OWASP's recommendation: it
// meets none of the cheat sheet's configurations (at least its memory with
// at least its iterations), or has no lane.
func (p Params) BelowOWASP() bool {
	if p.Parallelism < 1 {
		return true
	}
	for _, row := range owaspMinimums {
		if p.Memory >= row.memory && p.Iterations >= row.iterations {
			return false
		}
	}
	return true
}
