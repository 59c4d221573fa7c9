package password

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Hasher hashes and verifies passwords with fixed parameters for new hashes
// and a bound on simultaneous computations. It is safe for concurrent use.
type Hasher struct {
	params Params
	rand   io.Reader
	// sem holds one token per computation in progress.
	sem chan struct{}
	// dummy is a well-formed hash under params that no password matches in
	// practice; VerifyDummy verifies against it.
	dummy string
	// runs counts argon2id computations, for Runs.
	runs atomic.Uint64
	// waiting counts callers waiting for a token of sem, for Load.
	waiting atomic.Int64
	// queueLimit bounds waiting; negative is no bound. See LimitQueue.
	queueLimit atomic.Int64
	// idle hands argon2id's memory back once hashing rests.
	idle *idleRelease
}

// ErrBusy is returned instead of waiting when as many callers already wait
// for a computation slot as LimitQueue allows.
var ErrBusy = errors.New("password: too many password checks are waiting; try again shortly")

// LimitQueue makes Hash and Verify return ErrBusy at once, rather than wait,
// while n callers already wait for a slot (n = 0: whenever every slot is
// taken); a negative n removes the bound, as it is in a new Hasher. Under a
// flood this turns ever longer waits into quick refusals the client can
// retry.
func (h *Hasher) LimitQueue(n int) { h.queueLimit.Store(int64(max(n, -1))) }

// Runs returns how many argon2id computations the Hasher has made. It shows
// that work was spent (for instance on an unknown email, where the answer
// must cost what a known one costs) without measuring time.
func (h *Hasher) Runs() uint64 { return h.runs.Load() }

// Load returns how many argon2id computations are running now and how many
// callers wait for a free slot, for monitoring.
func (h *Hasher) Load() (running, waiting int) {
	return len(h.sem), int(h.waiting.Load())
}

// Hold takes n computation slots, as n hashes in progress would (waiting
// for them like one), until release is called. It lets a test, or an
// operator draining an instance, make the Hasher refuse or queue work
// without burning CPU.
func (h *Hasher) Hold(n int) (release func()) {
	for range n {
		h.sem <- struct{}{}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			for range n {
				<-h.sem
			}
		})
	}
}

// Saturated reports whether a Hash or Verify started now would be refused
// with ErrBusy: every slot is taken and the queue is at its limit. Callers
// check it before other work, so refusing under a flood costs nothing.
func (h *Hasher) Saturated() bool {
	limit := h.queueLimit.Load()
	return limit >= 0 && len(h.sem) == cap(h.sem) && h.waiting.Load() >= limit
}

// NewHasher returns a Hasher that makes new hashes with p, reads salts from
// rand and runs at most maxConcurrent argon2id computations at once
// (runtime.NumCPU() when maxConcurrent <= 0). Invalid parameters are
// reported by Hash.
func NewHasher(p Params, maxConcurrent int, rand io.Reader) *Hasher {
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.NumCPU()
	}
	// The dummy's salt and hash are zero: what VerifyDummy costs depends
	// only on the parameters, which are exactly those of new hashes.
	dummy := storedHash{params: p, salt: make([]byte, p.SaltLen), key: make([]byte, p.KeyLen)}
	h := &Hasher{
		params: p,
		rand:   rand,
		sem:    make(chan struct{}, maxConcurrent),
		dummy:  dummy.String(),
		idle:   newIdleRelease(),
	}
	h.queueLimit.Store(-1)
	return h
}

// Hash returns the PHC string of password under a new random salt. It waits
// for a free computation slot unless ctx ends first, in which case it
// returns ctx's error.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.params.validate(); err != nil {
		return "", fmt.Errorf("password: invalid parameters: %v", err)
	}
	salt := make([]byte, h.params.SaltLen)
	if _, err := io.ReadFull(h.rand, salt); err != nil {
		return "", fmt.Errorf("password: reading random salt: %w", err)
	}
	key, err := h.derive(ctx, password, salt, h.params)
	if err != nil {
		return "", err
	}
	return storedHash{params: h.params, salt: salt, key: key}.String(), nil
}

// Verify reports whether password matches the PHC string phc, using the
// parameters recorded in phc rather than the Hasher's. The hashes are
// compared in constant time. A malformed phc is an error (wrapping
// ErrMalformedHash), as is ctx ending while waiting for a computation slot.
func (h *Hasher) Verify(ctx context.Context, phc, password string) (bool, error) {
	stored, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	key, err := h.derive(ctx, password, stored.salt, stored.params)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(key, stored.key) == 1, nil
}

// VerifyDummy does the work of Verify against a fixed hash with the
// Hasher's parameters and discards the result. Calling it when no account
// matches a login attempt makes that attempt take as long as one for an
// existing account, so response times do not reveal which accounts exist.
// It returns the errors Verify would (ErrBusy, or ctx's), so the caller can
// answer exactly as it would for an existing account.
func (h *Hasher) VerifyDummy(ctx context.Context, password string) error {
	_, err := h.Verify(ctx, h.dummy, password)
	return err
}

// NeedsRehash reports whether phc was made with parameters other than the
// Hasher's (or cannot be parsed), so the password should be hashed again the
// next time it is known, after a successful login.
func (h *Hasher) NeedsRehash(phc string) bool {
	stored, err := parsePHC(phc)
	return err != nil || stored.params != h.params
}

// derive runs argon2id while holding a computation slot.
func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p Params) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case h.sem <- struct{}{}:
	default: // every slot is taken: wait, if the queue has room
		n := h.waiting.Add(1)
		if limit := h.queueLimit.Load(); limit >= 0 && n > limit {
			h.waiting.Add(-1)
			return nil, ErrBusy
		}
		select {
		case h.sem <- struct{}{}:
			h.waiting.Add(-1)
		case <-ctx.Done():
			h.waiting.Add(-1)
			return nil, ctx.Err()
		}
	}
	defer func() {
		<-h.sem
		h.idle.done()
	}()
	h.runs.Add(1)
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen), nil
}
