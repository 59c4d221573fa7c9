package core

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/twofa-dev/twofa/internal/secret"
)

// Results of a delivery attempt, as reported to Deps.OnMail.
const (
	MailSent    = "sent"     // delivered
	MailRetry   = "retry"    // failed; tried again later
	MailGivenUp = "given-up" // no longer worth trying
)

const (
	// mailPollEvery is how often a sender looks for due mail that no local
	// enqueue told it about (mail queued by other instances, retries).
	mailPollEvery = time.Second
	// mailRetryFirst and mailRetryMax bound the back-off between attempts
	// on one message: 2 s, doubling, at most 10 minutes, each with jitter.
	mailRetryFirst = 2 * time.Second
	mailRetryMax   = 10 * time.Minute
	// mailStoreTimeout bounds the outbox writes that record an attempt.
	mailStoreTimeout = 10 * time.Second
	// maxLastError bounds the stored text of a failure.
	maxLastError = 500
)

// mailClaimFor is how long a sender holds one message it is delivering:
// longer than one attempt, so no other sender picks it up meanwhile.
func (s *Service) mailClaimFor() time.Duration { return s.cfg().MailAttemptTimeout + time.Minute }

// mailLeaseFor is how long the sender lease lasts between renewals; a
// sender renews it after every message, so it runs out only when the
// sender has stopped.
func (s *Service) mailLeaseFor() time.Duration { return s.cfg().MailAttemptTimeout + 30*time.Second }

// RunMailSender delivers the outbox until ctx ends or Close is called.
// Start it once per process: of all the senders on one database, only the
// holder of the sender lease delivers, and a claim on each message keeps
// two senders from delivering it both. A mail queued in this process is
// tried at once; others within about a second. Failed attempts are retried
// with exponential back-off and jitter (2 s doubling to 10 min) until the
// message's give-up instant. Each attempt is bounded by
// Config.MailAttemptTimeout; an attempt in progress is finished before
// RunMailSender returns.
func (s *Service) RunMailSender(ctx context.Context) {
	if !s.startSender() {
		return
	}
	defer s.senders.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.closed:
			cancel()
		case <-ctx.Done():
		}
	}()
	holder, err := newID(s.rand, "sender_")
	if err != nil {
		s.log.Error("mail sender not started", "err", err)
		return
	}
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), mailStoreTimeout)
		defer cancel()
		if err := s.store.ReleaseMailLease(rctx, holder); err != nil {
			s.log.Warn("mail sender lease not released; another instance takes over when it runs out", "err", err)
		}
	}()
	tick := time.NewTicker(mailPollEvery)
	defer tick.Stop()
	for {
		s.sendDueMail(ctx, holder)
		select {
		case <-ctx.Done():
			return
		case <-s.mailWake:
		case <-tick.C:
		}
	}
}

// startSender counts a running sender, unless Close has been called.
func (s *Service) startSender() bool {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	select {
	case <-s.closed:
		return false
	default:
	}
	s.senders.Add(1)
	return true
}

// sendDueMail delivers due messages one by one while this sender holds
// the lease and there are any.
func (s *Service) sendDueMail(ctx context.Context, holder string) {
	for ctx.Err() == nil {
		now := s.clock()
		ok, err := s.store.TakeMailLease(ctx, holder, now, now.Add(s.mailLeaseFor()))
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("mail sender lease not taken; trying again shortly", "err", err)
			}
			return
		}
		if !ok {
			return // another instance sends
		}
		msgs, err := s.store.ClaimMail(ctx, holder, now, now.Add(s.mailClaimFor()), 1)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("outbox not read; trying again shortly", "err", err)
			}
			return
		}
		if len(msgs) == 0 {
			return
		}
		for _, m := range msgs {
			s.deliver(ctx, holder, m)
		}
	}
}

// deliver makes one attempt at m, claimed by holder, and records its
// result. The attempt and the record are not cut short by ctx ending.
func (s *Service) deliver(ctx context.Context, holder string, m OutboxMessage) {
	ctx = context.WithoutCancel(ctx)
	// Every store write below is bounded, so a database that hangs cannot
	// hold the sender (and so a shutdown) forever.
	sctx, cancel := context.WithTimeout(ctx, mailStoreTimeout)
	defer cancel()
	now := s.clock()
	if !now.Before(m.GiveUpAt) {
		reason := "not delivered before it expired"
		if m.LastError != "" {
			reason += "; last error: " + m.LastError
		}
		s.giveUpMail(sctx, holder, m, 0, reason)
		return
	}
	text, err := s.keys.Open(m.Body, outboxAD(m.ID))
	if errors.Is(err, secret.ErrUnknownKey) {
		// Sealed by an instance that already has a newer key (a rotation
		// under way): try again later, when this one has it too.
		s.retryMail(sctx, holder, m, now, "sealed with a key this instance does not have yet: "+err.Error())
		return
	}
	if err != nil {
		s.giveUpMail(sctx, holder, m, 0, "the mail cannot be decrypted with the configured keys: "+err.Error())
		return
	}
	actx, cancel := context.WithTimeout(ctx, s.cfg().MailAttemptTimeout)
	err = s.mailer.Send(actx, Message{To: m.To, Subject: m.Subject, Text: string(text)})
	if err != nil && actx.Err() != nil && !errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w (no answer within %v): %w", context.DeadlineExceeded, s.cfg().MailAttemptTimeout, err)
	}
	cancel()

	wctx, cancel := context.WithTimeout(ctx, mailStoreTimeout)
	defer cancel()
	now = s.clock()
	if err == nil {
		ok, serr := s.store.MarkMailSent(wctx, m.ID, holder, now)
		if serr != nil || !ok {
			s.log.Error("mail delivered but not marked; it may be delivered again", "id", m.ID, "claimed", ok, "err", serr)
		}
		s.onMail(MailSent)
		return
	}
	s.retryMail(wctx, holder, m, now, err.Error())
}

// retryMail records a failed attempt at m and when to try again, or gives
// it up when the next attempt would come after its give-up time.
func (s *Service) retryMail(ctx context.Context, holder string, m OutboxMessage, now time.Time, reason string) {
	lastErr := truncate(reason, maxLastError)
	next := now.Add(s.mailBackoff(m.Attempts + 1))
	if !next.Before(m.GiveUpAt) {
		s.giveUpMail(ctx, holder, m, 1, lastErr)
		return
	}
	ok, serr := s.store.RetryMail(ctx, m.ID, holder, next, lastErr)
	if serr != nil || !ok {
		s.log.Error("failed mail attempt not recorded", "id", m.ID, "claimed", ok, "err", serr)
	}
	s.log.Warn("mail not delivered; will try again", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1,
		"next", next, "err", lastErr)
	s.onMail(MailRetry)
}

// giveUpMail stops trying m and, for a code mail, takes back what its
// sending was charged against the user's limits.
func (s *Service) giveUpMail(ctx context.Context, holder string, m OutboxMessage, attempted int, reason string) {
	ok, err := s.store.GiveUpMail(ctx, m.ID, holder, s.clock(), attempted, truncate(reason, maxLastError))
	if err != nil || !ok {
		s.log.Error("abandoned mail not recorded", "id", m.ID, "claimed", ok, "err", err)
		return
	}
	s.log.Error("mail given up", "id", m.ID, "kind", m.Kind, "to", m.To, "subject", m.Subject,
		"attempts", m.Attempts+attempted, "reason", reason)
	s.onMail(MailGivenUp)
	if m.Kind == MailCode {
		if err := s.takeBackCodeMail(ctx, m.ChargedKeys); err != nil {
			s.log.Error("mail limits not restored after an undelivered code mail", "id", m.ID, "err", err)
		}
	}
}

// mailBackoff is the wait before attempt n+1 after n failed attempts: 2 s
// doubling up to 10 minutes, then a random point in its upper half (from
// Deps.Rand), so that senders retrying together spread out.
func (s *Service) mailBackoff(n int) time.Duration {
	d := mailRetryFirst
	for i := 1; i < n && d < mailRetryMax; i++ {
		d *= 2
	}
	d = min(d, mailRetryMax)
	var b [8]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return d
	}
	half := d / 2
	return half + time.Duration(binary.BigEndian.Uint64(b[:])%uint64(half))
}

// truncate cuts s to at most n bytes, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
