package password

import (
	"context"
	"crypto/rand"
	"sync/atomic"
	"testing"
	"time"
)

// TestMemoryReleasedOnceIdle: after a burst of hashes the Hasher hands
// memory back once, when hashing has rested, not once per hash.
func TestMemoryReleasedOnceIdle(t *testing.T) {
	h := NewHasher(Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, 2, rand.Reader)
	var freed atomic.Int32
	released := make(chan struct{}, 8)
	h.ReleaseMemoryAfter(50*time.Millisecond, func() {
		freed.Add(1)
		released <- struct{}{}
	})
	for range 20 {
		if _, err := h.Hash(context.Background(), "pw"); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("no memory release after hashing went idle")
	}
	if n := freed.Load(); n != 1 {
		t.Fatalf("memory released %d times after one burst, want once", n)
	}
	// A later burst schedules one more release.
	if _, err := h.Hash(context.Background(), "pw"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("no memory release after the second burst")
	}
}

// TestMemoryReleaseOff: ReleaseMemoryAfter(0) turns the release off.
func TestMemoryReleaseOff(t *testing.T) {
	h := NewHasher(Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, 1, rand.Reader)
	var freed atomic.Int32
	h.ReleaseMemoryAfter(0, func() { freed.Add(1) })
	if _, err := h.Hash(context.Background(), "pw"); err != nil {
		t.Fatal(err)
	}
	h.idle.mu.Lock()
	pending := h.idle.pending
	h.idle.mu.Unlock()
	if pending || freed.Load() != 0 {
		t.Fatal("a release was scheduled although it is off")
	}
}
