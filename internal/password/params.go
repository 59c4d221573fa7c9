package password

import "fmt"

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
