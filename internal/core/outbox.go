package core

import (
	"context"
	"fmt"
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
