package password

import (
	"runtime/debug"
	"sync"
	"time"
)

// DefaultIdleRelease is how long hashing must rest before the Hasher hands
// the memory of its last computations back to the operating system.
const DefaultIdleRelease = 10 * time.Second

// idleRelease returns argon2id's memory to the operating system once
// hashing has rested. Each computation allocates Params.Memory KiB (19 MiB
// by default); Go's runtime keeps freed memory for reuse, so after a burst
// of logins the process would hold tens of MiB it no longer needs. One
// release after a quiet spell costs a garbage collection, not one per hash.
type idleRelease struct {
	mu      sync.Mutex
	after   time.Duration
	last    time.Time
	pending bool
	free    func()
}

func newIdleRelease() *idleRelease {
	return &idleRelease{after: DefaultIdleRelease, free: debug.FreeOSMemory}
}

// done is called when a computation ends: it schedules a release for when
// hashing has rested for after, unless one is scheduled.
func (r *idleRelease) done() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = time.Now()
	if r.pending || r.after <= 0 {
		return
	}
	r.pending = true
	time.AfterFunc(r.after, r.fire)
}

// fire releases the memory if no computation ended meanwhile, and waits
// again otherwise.
func (r *idleRelease) fire() {
	r.mu.Lock()
	wait := r.after - time.Since(r.last)
	if wait > 0 {
		time.AfterFunc(wait, r.fire)
		r.mu.Unlock()
		return
	}
	r.pending = false
	free := r.free
	r.mu.Unlock()
	free()
}

// ReleaseMemoryAfter sets how long hashing must rest before the memory of
// its computations is handed back to the operating system (0: never), and
// what hands it back (nil: runtime/debug.FreeOSMemory). For tests and
// tuning; the default is DefaultIdleRelease.
func (h *Hasher) ReleaseMemoryAfter(d time.Duration, free func()) {
	h.idle.mu.Lock()
	defer h.idle.mu.Unlock()
	h.idle.after = d
	if free == nil {
		free = debug.FreeOSMemory
	}
	h.idle.free = free
}
