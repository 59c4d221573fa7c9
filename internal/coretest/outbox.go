package coretest

import (
	"context"
	"sync"
	"time"
)

// mailResults counts the outbox's delivery results (core.MailSent, ...).
type mailResults struct {
	mu      sync.Mutex
	counts  map[string]int
	changed chan struct{} // closed and replaced on every result
}

func newMailResults() *mailResults {
	return &mailResults{counts: map[string]int{}, changed: make(chan struct{})}
}

func (m *mailResults) add(result string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[result]++
	close(m.changed)
	m.changed = make(chan struct{})
}

// MailResults returns how many delivery attempts of the outbox have had
// result (core.MailSent, core.MailRetry or core.MailGivenUp) so far.
func (r *Rig) MailResults(result string) int {
	r.results.mu.Lock()
	defer r.results.mu.Unlock()
	return r.results.counts[result]
}

// WaitMailResults waits up to 10 seconds until at least n delivery
// attempts have had result, and fails the test if they do not. Move the
// clock first when the attempts wait for a back-off.
func (r *Rig) WaitMailResults(result string, n int) {
	r.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		r.results.mu.Lock()
		got, changed := r.results.counts[result], r.results.changed
		r.results.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			r.t.Fatalf("outbox: %d attempts with result %q within 10s, want at least %d", got, result, n)
			return
		}
	}
}

// WaitMailBacklog waits up to 10 seconds until the outbox holds n
// undelivered mails, and fails the test if it does not.
func (r *Rig) WaitMailBacklog(n int) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := r.Svc.MailBacklog(context.Background())
		if err != nil {
			r.t.Fatal(err)
		}
		if b.Count == n {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("outbox: %d undelivered mails after 10s, want %d", b.Count, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// DrainMail moves the clock on, 10 seconds at a time, until the outbox
// holds no undelivered mail, failing the test after 10 real seconds. Use
// it after clearing a mail fault: an attempt still under way when the
// fault cleared may have been refused and put off, and on the test clock
// its retry is due only once the clock moves.
func (r *Rig) DrainMail() {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := r.Svc.MailBacklog(context.Background())
		if err != nil {
			r.t.Fatal(err)
		}
		if b.Count == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("outbox: %d undelivered mails after 10s of moving the clock", b.Count)
		}
		r.Clock.Advance(10 * time.Second)
		time.Sleep(50 * time.Millisecond)
	}
}
