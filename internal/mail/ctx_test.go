package mail_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

func TestSMTPCancelledContextSendsNothing(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := newMailer(t, srv.URL())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	err := m.Send(ctx, codeMessage("ada@example.com"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

// stalledServer accepts TCP connections and never says a word. It calls
// onAccept (if not nil) for each connection.
func stalledServer(t *testing.T, onAccept func()) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if onAccept != nil {
				onAccept()
			}
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "smtp://" + ln.Addr().String()
}

func TestSMTPCancelAbortsStalledConversation(t *testing.T) {
	// The server stalls after accepting, and the client timeout is an hour:
	// only cancelling the context can end Send.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := newMailer(t, stalledServer(t, cancel), mail.WithTimeout(time.Hour))

	result := make(chan error, 1)
	go func() { result <- m.Send(ctx, codeMessage("ada@example.com")) }()
	select {
	case err := <-result:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Send = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute): // a watchdog, not a speed limit
		t.Fatal("Send did not return after its context was cancelled")
	}
}

func TestSMTPTimeoutAbortsStalledConversation(t *testing.T) {
	m := newMailer(t, stalledServer(t, nil), mail.WithTimeout(200*time.Millisecond))

	err := m.Send(context.Background(), codeMessage("ada@example.com"))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("Send = %v, want a timeout error", err)
	}
}
