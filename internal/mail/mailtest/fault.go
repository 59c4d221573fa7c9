package mailtest

import (
	"net"
	"sync"

	"github.com/emersion/go-smtp"
)

// Fault is a way the server can misbehave, to test what a client does
// when the mail server is down.
type Fault int

// Faults a Server can show; see SetFault.
const (
	// NoFault: the server works.
	NoFault Fault = iota
	// Refuse: the server answers, and refuses every message with a
	// permanent error (554) at MAIL FROM.
	Refuse
	// Stall: the server accepts TCP connections and never says a word on
	// them (not even its greeting), as a hung mail server does.
	Stall
)

// WithFault starts the server showing f; SetFault changes it later.
func WithFault(f Fault) ServerOption {
	return func(c *config) { c.fault = f }
}

// SetFault makes the server show f from now on (NoFault: work again).
// Connections already stalled stay stalled.
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Refused returns how many messages the server has refused (Refuse).
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Stalled returns how many connections the server has stalled (Stall).
func (s *Server) Stalled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.stalled)
}

// refuse reports whether to refuse a message now, counting it if so.
func (s *Server) refuse() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault != Refuse {
		return nil
	}
	s.refused++
	return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 3, 0}, Message: "mailtest: refusing all mail"}
}

// stall keeps c open and silent if the server stalls now, and reports
// whether it did.
func (s *Server) stall(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault != Stall {
		return false
	}
	s.stalled = append(s.stalled, c)
	return true
}

// closeStalled closes the stalled connections, when the server stops.
func (s *Server) closeStalled() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.stalled {
		_ = c.Close()
	}
}

// faultListener hands the SMTP server only the connections it is to
// answer; under Stall it keeps the others open without a word.
type faultListener struct {
	net.Listener
	s    *Server
	once sync.Once
}

// Accept implements net.Listener.
func (l *faultListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if !l.s.stall(c) {
			return c, nil
		}
	}
}

// Close implements net.Listener; it also closes the stalled connections.
func (l *faultListener) Close() error {
	err := l.Listener.Close()
	l.once.Do(l.s.closeStalled)
	return err
}
