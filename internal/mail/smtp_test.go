package mail_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

const (
	from = "Twofa <twofa@example.com>"
	wait = 10 * time.Second
)

var codeRE = regexp.MustCompile(`code is (\d{6})`)

func newMailer(t *testing.T, url string, opts ...mail.Option) core.Mailer {
	t.Helper()
	m, err := mail.New(url, from, slog.New(slog.NewTextHandler(io.Discard, nil)), opts...)
	if err != nil {
		t.Fatalf("mail.New(%q): %v", url, err)
	}
	return m
}

func codeMessage(to string) core.Message {
	return core.Message{
		To:      to,
		Subject: "Your twofa sign-in code",
		Text:    "Hello,\n\nyour code is 493027. It expires in 10 minutes.\n",
	}
}

// withCreds puts user:pass into a server URL.
func withCreds(url, user, pass string) string {
	scheme, rest, _ := strings.Cut(url, "://")
	return scheme + "://" + user + ":" + pass + "@" + rest
}

func TestSMTPPlain(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := newMailer(t, srv.URL())

	if err := m.Send(context.Background(), codeMessage("ada@example.com")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(t, "ada@example.com", wait)
	if got.TLS {
		t.Error("TLS = true on a server without TLS")
	}
	if got.From != "twofa@example.com" {
		t.Errorf("envelope From = %q, want twofa@example.com", got.From)
	}
	if got.Subject != "Your twofa sign-in code" {
		t.Errorf("Subject = %q", got.Subject)
	}
	if code := got.Find(codeRE); code != "493027" {
		t.Errorf("code = %q, want 493027 in text %q", code, got.Text)
	}
	if !strings.Contains(got.Text, "It expires in 10 minutes.") {
		t.Errorf("Text = %q", got.Text)
	}
	h := got.Header
	if a, err := h.AddressList("From"); err != nil || len(a) != 1 || a[0].Address != "twofa@example.com" {
		t.Errorf("From header = %q (%v)", h.Get("From"), err)
	}
	if a, err := h.AddressList("To"); err != nil || len(a) != 1 || a[0].Address != "ada@example.com" {
		t.Errorf("To header = %q (%v)", h.Get("To"), err)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date header %q: %v", h.Get("Date"), err)
	}
	if id := h.Get("Message-ID"); !regexp.MustCompile(`^<[^@<>\s]+@example\.com>$`).MatchString(id) {
		t.Errorf("Message-ID = %q, want <random@example.com>", id)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want text/plain", ct)
	}
}

func TestSMTPRequiredSTARTTLSFailsOnPlainServer(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := newMailer(t, srv.URL()+"?starttls=required")

	err := m.Send(context.Background(), codeMessage("ada@example.com"))
	if err == nil {
		t.Fatal("Send succeeded without STARTTLS although it is required")
	}
	if !strings.HasPrefix(err.Error(), "smtp: send to ada@example.com: ") || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("error = %q, want it to name the recipient and STARTTLS", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

func TestSMTPSTARTTLS(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
	noServerName := srv.TLSConfig()
	noServerName.ServerName = "" // New fills it in from the URL host
	for name, url := range map[string]string{
		"opportunistic": srv.URL(),
		"required":      srv.URL() + "?starttls=required",
	} {
		t.Run(name, func(t *testing.T) {
			to := name + "@example.com"
			m := newMailer(t, url, mail.WithTLSConfig(noServerName))
			if err := m.Send(context.Background(), codeMessage(to)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if got := srv.WaitFor(t, to, wait); !got.TLS {
				t.Error("message arrived without TLS although the server offers STARTTLS")
			}
		})
	}
}

func TestSMTPSTARTTLSUntrustedCertificateFails(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
	m := newMailer(t, srv.URL()) // system roots do not trust the test certificate

	err := m.Send(context.Background(), codeMessage("ada@example.com"))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("Send = %v, want a certificate error (no silent fallback to plain text)", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithImplicitTLS())
	if !strings.HasPrefix(srv.URL(), "smtps://") {
		t.Fatalf("URL = %q, want smtps://", srv.URL())
	}
	m := newMailer(t, srv.URL(), mail.WithTLSConfig(srv.TLSConfig()))

	if err := m.Send(context.Background(), codeMessage("ada@example.com")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.WaitFor(t, "ada@example.com", wait); !got.TLS || got.Find(codeRE) != "493027" {
		t.Errorf("got TLS=%v code=%q, want TLS and the code", got.TLS, got.Find(codeRE))
	}
}

func TestSMTPAuth(t *testing.T) {
	tests := []struct {
		name string
		opts []mailtest.ServerOption
	}{
		{"plain/starttls", []mailtest.ServerOption{mailtest.WithSTARTTLS()}},
		{"plain/implicit-tls", []mailtest.ServerOption{mailtest.WithImplicitTLS()}},
		{"login-only/starttls", []mailtest.ServerOption{mailtest.WithSTARTTLS(), mailtest.WithAuthMechanisms("LOGIN")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.NewServer(t, append(tt.opts, mailtest.WithAuth("ada", "s3cret:pw"))...)
			send := func(url string) error {
				m := newMailer(t, url, mail.WithTLSConfig(srv.TLSConfig()))
				return m.Send(context.Background(), codeMessage("bob@example.com"))
			}

			if err := send(withCreds(srv.URL(), "ada", "s3cret%3Apw")); err != nil {
				t.Fatalf("Send with the right password: %v", err)
			}
			if got := srv.WaitFor(t, "bob@example.com", wait); got.Find(codeRE) != "493027" {
				t.Errorf("code = %q", got.Find(codeRE))
			}

			err := send(withCreds(srv.URL(), "ada", "wrong"))
			if err == nil || !strings.Contains(err.Error(), "535") {
				t.Errorf("Send with a wrong password = %v, want a 535 error", err)
			}
			if err != nil && strings.Contains(err.Error(), "wrong") {
				t.Errorf("error leaks the password: %v", err)
			}
			if err := send(srv.URL()); err == nil {
				t.Error("Send without credentials succeeded on a server that requires AUTH")
			}
			if n := len(srv.Messages()); n != 1 {
				t.Errorf("server received %d messages, want only the authenticated one", n)
			}
		})
	}
}

func TestSMTPAuthNeedsEncryption(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("ada", "pw")) // like real servers: no AUTH before TLS
	m := newMailer(t, withCreds(srv.URL(), "ada", "pw"))

	err := m.Send(context.Background(), codeMessage("bob@example.com"))
	if err == nil || !strings.Contains(err.Error(), "AUTH") {
		t.Fatalf("Send = %v, want an error about SMTP AUTH", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

func TestSMTPUnicodeAndConcurrentSends(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
	m := newMailer(t, srv.URL(), mail.WithTLSConfig(srv.TLSConfig()))
	subject := "Código de verificação — twofa"
	text := "Olá Zoë,\n\nyour code is 000731.\n" + strings.Repeat("a long line ", 20) + "\n"

	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			msg := core.Message{To: fmt.Sprintf("user%d@example.com", i), Subject: subject, Text: text}
			errs <- m.Send(context.Background(), msg)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Send: %v", err)
		}
	}
	for i := range n {
		got := srv.WaitFor(t, fmt.Sprintf("user%d@example.com", i), wait)
		if got.Subject != subject {
			t.Errorf("Subject = %q, want %q", got.Subject, subject)
		}
		if !strings.HasPrefix(got.Text, text[:len(text)-1]) {
			t.Errorf("Text = %q, want %q", got.Text, text)
		}
		if got.Find(codeRE) != "000731" {
			t.Errorf("code = %q", got.Find(codeRE))
		}
	}
}

func TestSMTPRejectsBadMessages(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := newMailer(t, srv.URL())
	for _, msg := range []core.Message{
		{To: "", Subject: "s", Text: "t"},
		{To: "not an address", Subject: "s", Text: "t"},
		{To: "ada@example.com", Subject: "s\r\nBcc: eve@example.com", Text: "t"},
	} {
		if err := m.Send(context.Background(), msg); err == nil {
			t.Errorf("Send(%+v) succeeded", msg)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}
