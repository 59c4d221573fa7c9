package password

import (
	"context"
	"crypto/rand"
	"errors"
	"runtime"
	"testing"
	"time"
)

var cheapParams = Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

func TestConcurrencyDefault(t *testing.T) {
	if got := cap(NewHasher(cheapParams, 0, rand.Reader).sem); got != runtime.NumCPU() {
		t.Errorf("maxConcurrent 0: %d slots, want NumCPU %d", got, runtime.NumCPU())
	}
	if got := cap(NewHasher(cheapParams, -3, rand.Reader).sem); got != runtime.NumCPU() {
		t.Errorf("maxConcurrent -3: %d slots, want NumCPU %d", got, runtime.NumCPU())
	}
	if got := cap(NewHasher(cheapParams, 3, rand.Reader).sem); got != 3 {
		t.Errorf("maxConcurrent 3: %d slots", got)
	}
}

// TestWaitRespectsContext occupies the only slot, as a long hash would, and
// checks that other work waits for it and gives up when its context ends.
func TestWaitRespectsContext(t *testing.T) {
	h := NewHasher(cheapParams, 1, rand.Reader)
	phc, err := h.Hash(context.Background(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	h.sem <- struct{}{} // another computation holds the slot

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(cancelled, "pw"); !errors.Is(err, context.Canceled) {
		t.Errorf("Hash with cancelled context: %v", err)
	}
	if _, err := h.Verify(cancelled, phc, "pw"); !errors.Is(err, context.Canceled) {
		t.Errorf("Verify with cancelled context: %v", err)
	}
	h.VerifyDummy(cancelled, "pw") // returns instead of blocking

	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Verify(short, phc, "pw"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Verify while the slot is held: %v", err)
	}

	// A waiter with no deadline proceeds once the slot is released.
	done := make(chan error, 1)
	go func() {
		ok, err := h.Verify(context.Background(), phc, "pw")
		if err == nil && !ok {
			err = errors.New("right password refused")
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Verify finished while the slot was held: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	<-h.sem
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(h.sem) != 0 {
		t.Errorf("%d slots still held after all work finished", len(h.sem))
	}
}

func TestCancelledContextNeverRuns(t *testing.T) {
	// Even with a free slot, an already-cancelled context does no work.
	h := NewHasher(cheapParams, 1, rand.Reader)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 100 {
		if _, err := h.Hash(ctx, "pw"); !errors.Is(err, context.Canceled) {
			t.Fatalf("Hash: %v", err)
		}
	}
}

func TestDummyMatchesParams(t *testing.T) {
	h := NewHasher(OWASP, 1, rand.Reader)
	d, err := parsePHC(h.dummy)
	if err != nil {
		t.Fatalf("dummy hash %q does not parse: %v", h.dummy, err)
	}
	if d.params != OWASP {
		t.Errorf("dummy parameters %+v, want %+v", d.params, OWASP)
	}
}

func TestPHCCanonical(t *testing.T) {
	h := NewHasher(cheapParams, 1, rand.Reader)
	s, err := h.Hash(context.Background(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	p, err := parsePHC(s)
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != s {
		t.Errorf("re-encoding %q gives %q", s, p.String())
	}
}

// TestLoad counts a computation holding the only slot as running and a
// caller queued behind it as waiting, until its context ends.
func TestLoad(t *testing.T) {
	h := NewHasher(cheapParams, 1, rand.Reader)
	if r, w := h.Load(); r != 0 || w != 0 {
		t.Fatalf("idle hasher: Load() = %d, %d", r, w)
	}
	h.sem <- struct{}{} // another computation holds the slot
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := h.Hash(ctx, "pw"); done <- err }()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if r, w := h.Load(); r == 1 && w == 1 {
			break
		}
		if time.Now().After(deadline) {
			r, w := h.Load()
			t.Fatalf("with the slot held and one caller queued: Load() = %d, %d, want 1, 1", r, w)
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("queued Hash after cancel: %v", err)
	}
	<-h.sem
	if r, w := h.Load(); r != 0 || w != 0 {
		t.Fatalf("after the caller gave up: Load() = %d, %d, want 0, 0", r, w)
	}
}

// TestLimitQueue: with the only slot taken and the queue full, a further
// caller is refused at once with ErrBusy; the queued one still runs, and
// once the queue has room again callers wait as before.
func TestLimitQueue(t *testing.T) {
	h := NewHasher(cheapParams, 1, rand.Reader)
	h.LimitQueue(1)
	phc, err := h.Hash(context.Background(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	release := h.Hold(1) // another computation holds the slot
	queued := make(chan error, 1)
	go func() { _, err := h.Verify(context.Background(), phc, "pw"); queued <- err }()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, w := h.Load(); w == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first caller never queued")
		}
	}
	if _, err := h.Verify(context.Background(), phc, "pw"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Verify with a full queue: %v, want ErrBusy", err)
	}
	if _, err := h.Hash(context.Background(), "pw"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Hash with a full queue: %v, want ErrBusy", err)
	}
	if err := h.VerifyDummy(context.Background(), "pw"); !errors.Is(err, ErrBusy) {
		t.Fatalf("VerifyDummy with a full queue: %v, want ErrBusy", err)
	}
	release()
	if err := <-queued; err != nil {
		t.Fatalf("the queued caller: %v", err)
	}
	if _, w := h.Load(); w != 0 {
		t.Fatalf("after the queue drained: %d waiting", w)
	}
	h.sem <- struct{}{}
	h.LimitQueue(0)
	if _, err := h.Verify(context.Background(), phc, "pw"); !errors.Is(err, ErrBusy) {
		t.Fatalf("LimitQueue(0) with the slot taken: %v, want ErrBusy", err)
	}
	<-h.sem
	h.LimitQueue(-1)
	if _, err := h.Verify(context.Background(), phc, "pw"); err != nil {
		t.Fatalf("without a bound: %v", err)
	}
}

// TestSaturated follows the slots and the queue: only with every slot taken
// and the queue at its limit is the Hasher saturated.
func TestSaturated(t *testing.T) {
	h := NewHasher(cheapParams, 1, rand.Reader)
	h.sem <- struct{}{}
	if h.Saturated() {
		t.Error("saturated without a queue limit")
	}
	h.LimitQueue(0)
	if !h.Saturated() {
		t.Error("not saturated with the slot taken and no waiting allowed")
	}
	h.LimitQueue(1)
	if h.Saturated() {
		t.Error("saturated with room in the queue")
	}
	h.waiting.Add(1)
	if !h.Saturated() {
		t.Error("not saturated with the queue full")
	}
	h.waiting.Add(-1)
	<-h.sem
	h.LimitQueue(0)
	if h.Saturated() {
		t.Error("saturated with a free slot")
	}
}
