package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// DefaultTimeout bounds dialing and sending one message when WithTimeout is
// not given.
const DefaultTimeout = 15 * time.Second

// Option adjusts the mailer that New builds.
type Option func(*options)

type options struct {
	tlsConfig *tls.Config
	timeout   time.Duration
}

// WithTLSConfig sets the TLS client configuration used for STARTTLS and
// implicit TLS, for example to trust a private CA. When the config has no
// ServerName, the host from the URL is used.
func WithTLSConfig(c *tls.Config) Option {
	return func(o *options) { o.tlsConfig = c }
}

// WithTimeout bounds dialing plus sending one message (default 15s).
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// New returns the mailer described by rawURL, sending as from.
//
// An empty rawURL returns a Log mailer and logs a warning that mail is not
// delivered. Otherwise rawURL must be an smtp:// or smtps:// URL (see the
// package documentation) and from must be a valid address such as
// "twofa@example.com" or "Example <twofa@example.com>". A nil logger means
// slog.Default().
func New(rawURL, from string, logger *slog.Logger, opts ...Option) (core.Mailer, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if rawURL == "" {
		logger.Warn("mail is NOT delivered: no SMTP URL configured, every message is written to this log instead")
		return NewLog(logger), nil
	}

	o := options{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if o.timeout <= 0 {
		return nil, fmt.Errorf("mail: timeout must be positive, got %v", o.timeout)
	}

	ep, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	sender, err := parseFrom(from)
	if err != nil {
		return nil, err
	}

	s := &SMTP{
		endpoint:  ep,
		from:      sender,
		tlsConfig: clientTLSConfig(o.tlsConfig, ep.host),
		timeout:   o.timeout,
	}
	logger.Info("mail is delivered by SMTP",
		"addr", ep.addr(), "tls", ep.security.String(), "auth", ep.user != "", "from", sender.String())
	return s, nil
}

// parseFrom validates the sender address. There is no default here: a
// guessed address often fails the relay's or SPF/DMARC checks, so the
// caller chooses (twofa serve falls back to one, with a warning).
func parseFrom(from string) (*netmail.Address, error) {
	if from == "" {
		return nil, errors.New("mail from: a sender address is required when SMTP is configured")
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail from: invalid address %q: %w", from, err)
	}
	return addr, nil
}

// clientTLSConfig copies c (or starts from an empty config) and fills in the
// server name and a modern minimum version.
func clientTLSConfig(c *tls.Config, host string) *tls.Config {
	var cfg *tls.Config
	if c == nil {
		cfg = &tls.Config{}
	} else {
		cfg = c.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	return cfg
}
