package mail_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

// TestProbe: Probe succeeds against a real SMTP server, plain or smtps,
// sending no mail, and fails with the cause on a closed port and on a
// server that never greets.
func TestProbe(t *testing.T) {
	probe := func(url string, timeout time.Duration, opts ...mail.Option) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		return newMailer(t, url, opts...).(*mail.SMTP).Probe(ctx)
	}
	plain := mailtest.NewServer(t)
	if err := probe(plain.URL(), 5*time.Second); err != nil {
		t.Errorf("plain server: %v", err)
	}
	tlsSrv := mailtest.NewServer(t, mailtest.WithImplicitTLS())
	if err := probe(tlsSrv.URL(), 5*time.Second, mail.WithTLSConfig(tlsSrv.TLSConfig())); err != nil {
		t.Errorf("smtps server: %v", err)
	}
	if n := len(plain.Messages()) + len(tlsSrv.Messages()); n != 0 {
		t.Errorf("a probe sent %d mails", n)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	if err := probe("smtp://"+closed, 5*time.Second); err == nil || !strings.Contains(err.Error(), "dial tcp "+closed+": connect: connection refused") {
		t.Errorf("closed port: %v", err)
	}
	start := time.Now()
	if err := probe(stalledServer(t, nil), 300*time.Millisecond); err == nil || !strings.Contains(err.Error(), "greeting") {
		t.Errorf("server that never greets: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the probe of a silent server took %v", took)
	}
}
