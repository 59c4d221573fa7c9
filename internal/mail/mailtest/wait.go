package mailtest

import (
	"strings"
	"testing"
	"time"
)

// add records a received message and wakes WaitFor.
func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	s.taken = append(s.taken, false)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// Messages returns every message received so far, oldest first, whether or
// not WaitFor has taken it.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Received, len(s.msgs))
	copy(out, s.msgs)
	return out
}

// WaitFor returns the oldest message to the recipient to (compared without
// case) that WaitFor has not returned before, waiting up to timeout for it
// to arrive. It calls t.Fatal on timeout, so call it from the test goroutine.
func (s *Server) WaitFor(t testing.TB, to string, timeout time.Duration) Received {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		r, ok, arrived := s.take(to)
		if ok {
			return r
		}
		select {
		case <-arrived:
		case <-timer.C:
			t.Fatalf("mailtest: no new message to %s within %v (%d messages received in all)",
				to, timeout, len(s.Messages()))
			return Received{}
		}
	}
}

// take marks and returns the oldest untaken message to the recipient, or
// the channel that is closed when the next message arrives.
func (s *Server) take(to string) (Received, bool, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.msgs {
		if s.taken[i] {
			continue
		}
		for _, rcpt := range r.To {
			if strings.EqualFold(rcpt, to) {
				s.taken[i] = true
				return r, true, nil
			}
		}
	}
	return Received{}, false, s.arrived
}
