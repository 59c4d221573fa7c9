package logbuf

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an output that records what reaches it. While failing is
// set, each write takes half of what it is given and returns errBroken.
type recorder struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	writes  int
	failing bool
	delay   time.Duration
}

var errBroken = errors.New("output broken")

func (r *recorder) Write(p []byte) (int, error) {
	if r.delay > 0 {
		time.Sleep(r.delay)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes++
	if r.failing {
		n := len(p) / 2
		r.buf.Write(p[:n])
		return n, errBroken
	}
	return r.buf.Write(p)
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

func (r *recorder) setFailing(f bool) {
	r.mu.Lock()
	r.failing = f
	r.mu.Unlock()
}

// waitFor polls out until it holds want, for 5 s at most.
func waitFor(t *testing.T, out *recorder, want string) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if strings.Contains(out.String(), want) {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%q never reached the output: %q", want, out.String())
	return 0
}

func newLogger(w *Writer, keys ...string) *slog.Logger {
	return slog.New(w.Handler(slog.NewTextHandler(w, nil), keys...))
}

// TestUrgentRecordsAtOnce: a warn or error record, or one carrying an
// urgent key, is in the output when the log call returns, after the lines
// buffered before it.
func TestUrgentRecordsAtOnce(t *testing.T) {
	out := &recorder{}
	w := New(out, Options{Interval: time.Hour})
	defer w.Close()
	log := newLogger(w, "event")

	log.Info("first")
	if s := out.String(); s != "" {
		t.Fatalf("an info line was written at once: %q", s)
	}
	log.Warn("second")
	s := out.String()
	if !strings.Contains(s, "msg=first") || !strings.Contains(s, "msg=second") || strings.Index(s, "first") > strings.Index(s, "second") {
		t.Fatalf("after a warning the output holds %q, want first then second", s)
	}
	log.Error("third")
	if !strings.Contains(out.String(), "msg=third") {
		t.Fatalf("an error line waited in the buffer: %q", out.String())
	}
	log.Info("audit", "event", "2fa-failed")
	if !strings.Contains(out.String(), "event=2fa-failed") {
		t.Fatalf("a record with an urgent key waited in the buffer: %q", out.String())
	}
	log.With("event", "2fa-locked").Info("audit")
	if !strings.Contains(out.String(), "event=2fa-locked") {
		t.Fatalf("a record whose logger carries an urgent key waited in the buffer: %q", out.String())
	}
	log.WithGroup("g").Info("plain", "other", 1)
	if strings.Contains(out.String(), "plain") {
		t.Fatalf("an info line without an urgent key was written at once: %q", out.String())
	}
}

// TestInfoAfterInterval: an info line reaches the output from the
// background goroutine, within about one interval.
func TestInfoAfterInterval(t *testing.T) {
	out := &recorder{}
	const interval = 100 * time.Millisecond
	start := time.Now()
	w := New(out, Options{Interval: interval})
	defer w.Close()
	newLogger(w).Info("later")
	// Only meaningful if this runs well within the first interval.
	if time.Since(start) < interval/2 && out.String() != "" {
		t.Fatalf("an info line was written at once: %q", out.String())
	}
	took := waitFor(t, out, "msg=later")
	t.Logf("info line written after %v", took)
}

// TestSizeWakesFlush: a buffer past Size is written without waiting for
// the interval.
func TestSizeWakesFlush(t *testing.T) {
	out := &recorder{}
	w := New(out, Options{Interval: time.Hour, Size: 64})
	defer w.Close()
	fmt.Fprintf(w, "%s\n", strings.Repeat("x", 100))
	waitFor(t, out, strings.Repeat("x", 100))
}

// TestCloseFlushes: Close writes what is buffered; later writes go
// through at once.
func TestCloseFlushes(t *testing.T) {
	out := &recorder{}
	w := New(out, Options{Interval: time.Hour})
	log := newLogger(w)
	log.Info("buffered")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "msg=buffered") {
		t.Fatalf("Close did not flush: %q", out.String())
	}
	log.Info("after close")
	if !strings.Contains(out.String(), `msg="after close"`) {
		t.Fatalf("a line after Close was not written through: %q", out.String())
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestConcurrentWritersLoseNothing: many goroutines writing through a slow
// output, with a limit small enough that writers flush it themselves:
// every line arrives once, whole, and each goroutine's lines in order.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	out := &recorder{delay: 100 * time.Microsecond}
	w := New(out, Options{Interval: time.Millisecond, Size: 512, Limit: 2048})
	log := newLogger(w)
	const writers, lines = 16, 500
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				if i%97 == 0 {
					log.Warn("line", "g", g, "i", i)
				} else {
					log.Info("line", "g", g, "i", i)
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, l := range got {
		var g, i int
		j := strings.Index(l, " g=")
		if j < 0 {
			t.Fatalf("torn line %q", l)
		}
		if _, err := fmt.Sscanf(l[j:], " g=%d i=%d", &g, &i); err != nil {
			t.Fatalf("torn line %q: %v", l, err)
		}
		if i != next[g] {
			t.Fatalf("writer %d: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	if len(got) != writers*lines {
		t.Fatalf("%d lines written, want %d", len(got), writers*lines)
	}
	t.Logf("%d lines in %d writes to the output", len(got), out.writes)
}

// TestFailingOutput: what a failing output does not take stays buffered
// and is written, once and in order, when it works again; Flush and Close
// report the failure; a full buffer that cannot be written makes Write
// fail rather than grow without bound or drop lines silently.
func TestFailingOutput(t *testing.T) {
	out := &recorder{failing: true}
	w := New(out, Options{Interval: time.Hour, Size: 256, Limit: 256})
	fmt.Fprintln(w, "one")
	fmt.Fprintln(w, "two")
	if err := w.Flush(); !errors.Is(err, errBroken) {
		t.Fatalf("Flush on a failing output: %v", err)
	}
	fmt.Fprintln(w, "three")
	if err := w.Flush(); !errors.Is(err, errBroken) {
		t.Fatalf("Flush on a failing output: %v", err)
	}
	if _, err := w.Write(bytes.Repeat([]byte("y"), 300)); !errors.Is(err, errBroken) {
		t.Fatalf("Write to a full buffer on a failing output: %v", err)
	}
	out.setFailing(false)
	fmt.Fprintln(w, "four")
	if err := w.Close(); err != nil {
		t.Fatalf("Close once the output works: %v", err)
	}
	if got, want := out.String(), "one\ntwo\nthree\nfour\n"; got != want {
		t.Fatalf("output %q, want %q", got, want)
	}
}
