package core

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// notificationLifetime is how long a security notification is retried
// before the outbox gives up on it.
const notificationLifetime = 24 * time.Hour

// keepFinishedMail is how long a delivered or abandoned message stays in
// the outbox (without its body) before Cleanup deletes it.
const keepFinishedMail = 24 * time.Hour

// outboxAD binds a sealed mail body to its message.
func outboxAD(id string) []byte { return []byte("outbox:" + id) }

// enqueueMail writes msg to the outbox through st (which may be a
// transaction's Store, so the mail is written with the change that causes
// it) and wakes this process's sender. The body is sealed under the key
// ring: a copy of the database does not give away the codes in it. kind
// is MailCode or MailNotification; giveUpAt is when the mail stops being
// worth delivering; charged lists the limit keys its sending was counted
// against, taken back if it is never delivered.
//
// The wake-up may come before a surrounding transaction commits; the
// sender then finds the message on its next poll.
func (s *Service) enqueueMail(ctx context.Context, st Store, kind string, msg Message, giveUpAt time.Time, charged []string) error {
	id, err := newID(s.rand, "m_")
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	body, err := s.keys.Seal([]byte(msg.Text), outboxAD(id))
	if err != nil {
		return fmt.Errorf("queue mail: seal: %w", err)
	}
	now := s.clock()
	m := &OutboxMessage{
		ID:            id,
		Kind:          kind,
		To:            msg.To,
		Subject:       msg.Subject,
		Body:          body,
		CreatedAt:     now,
		NextAttemptAt: now,
		GiveUpAt:      giveUpAt,
		ChargedKeys:   charged,
	}
	if err := st.EnqueueMail(ctx, m); err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	s.wakeMailSender()
	return nil
}

// wakeMailSender tells this process's sender that mail is waiting,
// without blocking.
func (s *Service) wakeMailSender() {
	select {
	case s.mailWake <- struct{}{}:
	default:
	}
}

// MailBacklog counts the mails in the outbox not yet delivered nor given
// up, and tells when the oldest of them was queued.
func (s *Service) MailBacklog(ctx context.Context) (MailBacklog, error) {
	b, err := s.store.MailBacklog(ctx)
	if err != nil {
		return MailBacklog{}, fmt.Errorf("mail backlog: %w", err)
	}
	return b, nil
}

// Mail limits are charged in one place (chargeCodeMail) and taken back in
// one place (unchargeCodeMail), so the limiter can change under them.

// chargeCodeMail counts one code mail for u, asked from meta, against the
// per-address and per-account mail limits. It returns the keys it charged,
// or a too-many-attempts error.
func (s *Service) chargeCodeMail(ctx context.Context, u *User, meta ClientMeta, now time.Time) ([]string, error) {
	var keys []string
	if meta.IP != "" {
		key := mailAddrKey(meta.IP)
		if _, err := s.limits.charge(ctx, key, s.cfg.MailAddrLimit, now); err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	key := mailUserKey(u.ID)
	if _, err := s.limits.charge(ctx, key, s.cfg.MailUserLimit, now); err != nil {
		return nil, err
	}
	return append(keys, key), nil
}

// unchargeCodeMail takes back one attempt from each key a code mail that
// was never delivered was charged against, so that mail faults do not use
// up anybody's limits.
func (s *Service) unchargeCodeMail(ctx context.Context, keys []string) error {
	var errs []string
	for _, key := range keys {
		var p Policy
		switch {
		case strings.HasPrefix(key, mailAddrKey("")):
			p = s.cfg.MailAddrLimit
		case strings.HasPrefix(key, mailUserKey("")):
			p = s.cfg.MailUserLimit
		default:
			errs = append(errs, "unknown limit key "+key)
			continue
		}
		if err := s.limits.takeBack(ctx, key, p); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("take back mail charges: %s", strings.Join(errs, "; "))
	}
	return nil
}
