package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/twofa-dev/twofa/internal/core"
)

// SMTP delivers mail to an SMTP server with github.com/wneessen/go-mail.
// Create it with New. It is safe for concurrent use: each Send opens its own
// connection.
type SMTP struct {
	endpoint  endpoint
	from      *netmail.Address
	tlsConfig *tls.Config
	timeout   time.Duration
}

var _ core.Mailer = (*SMTP)(nil)

// Send builds a plain-text message (From, To, Subject, Date, Message-ID) and
// delivers it on a new connection. Cancelling ctx aborts the dial or the
// conversation; the returned error then wraps ctx.Err().
func (s *SMTP) Send(ctx context.Context, m core.Message) error {
	if err := s.send(ctx, m); err != nil {
		return fmt.Errorf("smtp: send to %s: %w", m.To, err)
	}
	return nil
}

func (s *SMTP) send(ctx context.Context, m core.Message) error {
	msg, err := s.message(m)
	if err != nil {
		return err
	}
	d := &ctxDialer{ctx: ctx}
	if s.endpoint.security == implicitTLS {
		d.tlsConfig = s.tlsConfig
	}
	defer d.release()

	client, err := gomail.NewClient(s.endpoint.host, s.clientOptions(d)...)
	if err != nil {
		return err
	}
	err = client.DialAndSendWithContext(ctx, msg)
	if err != nil && ctx.Err() != nil {
		// The connection was closed under go-mail; report why.
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return err
}

// clientOptions configures a go-mail client for one Send.
func (s *SMTP) clientOptions(d *ctxDialer) []gomail.Option {
	ep := s.endpoint
	opts := []gomail.Option{
		gomail.WithPort(ep.port),
		gomail.WithTimeout(s.timeout),
		gomail.WithTLSConfig(s.tlsConfig),
		gomail.WithDialContextFunc(d.dial),
	}
	switch ep.security {
	case startTLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case startTLSRequired:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case implicitTLS:
		opts = append(opts, gomail.WithSSL())
	}
	if ep.user != "" {
		// go-mail's PLAIN and LOGIN refuse to run on an unencrypted
		// connection to a non-loopback host, so the password never travels
		// in clear. Other mechanisms fall back to go-mail's auto-discovery.
		opts = append(opts,
			gomail.WithUsername(ep.user),
			gomail.WithPassword(ep.pass),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
		)
	}
	return opts
}

// message builds the plain-text mail for m.
func (s *SMTP) message(m core.Message) (*gomail.Msg, error) {
	if m.To == "" {
		return nil, errors.New("no recipient")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("subject contains a line break")
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.from.String()); err != nil {
		return nil, err
	}
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(rand.Text() + "@" + domainOf(s.from.Address))
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// domainOf returns the part of addr after the last "@".
func domainOf(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}
