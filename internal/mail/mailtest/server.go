// Package mailtest runs a real SMTP server on loopback for tests, built on
// github.com/emersion/go-smtp. It records every message it accepts so a
// test can wait for a mail and read a code out of it.
//
//	srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
//	m, _ := mail.New(srv.URL(), "twofa@example.com", nil, mail.WithTLSConfig(srv.TLSConfig()))
//	... trigger a mail to ada@example.com ...
//	code := srv.WaitFor(t, "ada@example.com", 5*time.Second).Find(regexp.MustCompile(`(\d{6})`))
package mailtest

import (
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Server is an SMTP server listening on 127.0.0.1 for the length of a test.
type Server struct {
	cfg       config
	url       string
	addr      string
	clientTLS *tls.Config // nil without TLS

	mu      sync.Mutex
	msgs    []Received
	taken   []bool        // taken[i]: msgs[i] was returned by WaitFor
	arrived chan struct{} // closed and replaced whenever a message arrives
	fault   Fault
	refused int        // messages refused under Refuse
	stalled []net.Conn // connections held under Stall
}

// NewServer starts a server on 127.0.0.1 with a random port and stops it in
// t.Cleanup. Without options it speaks plain SMTP and accepts any mail.
func NewServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	if err := cfg.check(); err != nil {
		t.Fatalf("mailtest: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{cfg: cfg, addr: ln.Addr().String(), arrived: make(chan struct{}), fault: cfg.fault}
	ln = &faultListener{Listener: ln, s: s}

	srv := smtp.NewServer(backend{s})
	srv.Domain = "mailtest.localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 1 << 20
	logger := &testLogger{t: t}
	srv.ErrorLog = logger

	scheme := "smtp"
	if cfg.startTLS || cfg.implicitTLS {
		cert, pool, err := selfSigned()
		if err != nil {
			_ = ln.Close()
			t.Fatalf("mailtest: %v", err)
		}
		serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.clientTLS = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
		if cfg.implicitTLS {
			ln = tls.NewListener(ln, serverTLS)
			scheme = "smtps"
		} else {
			srv.TLSConfig = serverTLS // offers STARTTLS
		}
	}
	s.url = scheme + "://" + s.addr

	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil {
			logger.Printf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		_ = ln.Close() // Close misses the listener if Serve has not registered it yet
		<-done
		logger.stop()
	})
	return s
}

// check rejects option combinations that make no sense.
func (c *config) check() error {
	if c.startTLS && c.implicitTLS {
		return fmt.Errorf("WithSTARTTLS and WithImplicitTLS exclude each other")
	}
	if c.user == "" {
		if len(c.mechs) > 0 {
			return fmt.Errorf("WithAuthMechanisms needs WithAuth")
		}
		return nil
	}
	if len(c.mechs) == 0 {
		c.mechs = []string{"PLAIN"}
	}
	for _, m := range c.mechs {
		if m != "PLAIN" && m != "LOGIN" {
			return fmt.Errorf("unsupported AUTH mechanism %q (PLAIN or LOGIN)", m)
		}
	}
	return nil
}

// URL returns "smtp://127.0.0.1:PORT", or "smtps://..." with implicit TLS.
// It carries no credentials.
func (s *Server) URL() string { return s.url }

// Addr returns the listening address, "127.0.0.1:PORT".
func (s *Server) Addr() string { return s.addr }

// TLSConfig returns a new client configuration that trusts the server's
// certificate, or nil when the server has no TLS.
func (s *Server) TLSConfig() *tls.Config {
	if s.clientTLS == nil {
		return nil
	}
	return s.clientTLS.Clone()
}

// testLogger sends go-smtp's internal errors to t.Logf until the server has
// stopped (t.Logf must not be called after the test ends).
type testLogger struct {
	t       testing.TB
	mu      sync.Mutex
	stopped bool
}

// Printf logs a formatted line.
func (l *testLogger) Printf(format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("mailtest: "+format, v...)
	}
}

// Println logs a line.
func (l *testLogger) Println(v ...any) {
	l.Printf("%s", fmt.Sprintln(v...))
}

func (l *testLogger) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}
