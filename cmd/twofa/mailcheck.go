package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/server"
)

// mailCheckEvery is how often serve checks that the --smtp server answers.
var mailCheckEvery = 30 * time.Second

// mailCheckTimeout bounds one check.
const mailCheckTimeout = 5 * time.Second

// mailCheck knows whether the mail server answered its last probe, for
// /readyz and the log. Mail does not wait for it: the outbox retries.
type mailCheck struct {
	smtp *mail.SMTP
	log  *slog.Logger
	last atomic.Pointer[server.MailStatus]
}

// newMailCheck returns the check of mailer, or nil when mailer is not an
// SMTP mailer (no --smtp: mail goes to the log).
func newMailCheck(mailer core.Mailer, log *slog.Logger) *mailCheck {
	s, ok := mailer.(*mail.SMTP)
	if !ok {
		return nil
	}
	return &mailCheck{smtp: s, log: log}
}

// check probes the server once. A server that stops answering is logged
// at warn, one that answers again at info; the start's first check warns
// when the server does not answer.
func (m *mailCheck) check(ctx context.Context) {
	pctx, cancel := context.WithTimeout(ctx, mailCheckTimeout)
	defer cancel()
	err := m.smtp.Probe(pctx)
	if ctx.Err() != nil {
		return // shutting down
	}
	st := &server.MailStatus{SMTP: "reachable", CheckedAt: time.Now().UTC()}
	if err != nil {
		st.SMTP = "unreachable: " + probeCause(err)
	}
	prev := m.last.Swap(st)
	wasUp := prev == nil || prev.SMTP == "reachable"
	switch {
	case err != nil && wasUp:
		m.log.Warn("the mail server (--smtp) does not answer: mail waits in the outbox and is tried again; check --smtp, the server and the network in between",
			"err", err)
	case err == nil && !wasUp:
		m.log.Info("the mail server (--smtp) answers again")
	}
}

// run checks every mailCheckEvery until ctx ends.
func (m *mailCheck) run(ctx context.Context) {
	every(ctx, mailCheckEvery, func() { m.check(ctx) })
}

// status is the last check, for /readyz.
func (m *mailCheck) status() *server.MailStatus { return m.last.Load() }

// probeCause is the cause of a failed check as /readyz shows it: for a
// network error, what failed without the server's address ("dial: connect:
// connection refused"), since /readyz answers anyone; the log has it whole.
func probeCause(err error) string {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return "the name of the mail server does not resolve"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Op + ": " + op.Err.Error()
	}
	return err.Error()
}
