package core

import (
	"context"
	"time"
)

// notifyTimeout bounds the delivery of one notification.
const notifyTimeout = 30 * time.Second

// notify mails the account owner about a security event in the background,
// so the request that caused it does not wait for the mail server. Close
// waits for mails still in flight.
func (s *Service) notify(u *User, subject, body string) {
	msg := Message{
		To:      u.Email,
		Subject: subject,
		Text: "Hello " + u.Name + ",\n\n" + body +
			"\n\nYou can review recent security events under My Account -> Security.\n",
	}
	s.notifying.Add(1)
	go func() {
		defer s.notifying.Done()
		ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
		defer cancel()
		if err := s.mailer.Send(ctx, msg); err != nil {
			s.log.Error("security notification not sent", "to", msg.To, "subject", subject, "err", err)
		}
	}()
}

func (s *Service) recoveryCodeUsed(ctx context.Context, u *User, meta ClientMeta) {
	s.event(ctx, u.ID, EventRecoveryUsed, meta, "")
	left, err := s.store.RecoveryCodesLeft(ctx, u.ID)
	if err != nil {
		s.log.Warn("count recovery codes", "err", err)
	}
	s.notify(u, "A recovery code was used",
		"A recovery code of your account was just used to sign in or to confirm a change "+
			"(from "+meta.IP+"). You have "+itoa(left)+" unused recovery codes left.\n\n"+
			"If this was not you, someone has your password and a recovery code: change your password and regenerate your recovery codes.")
}
