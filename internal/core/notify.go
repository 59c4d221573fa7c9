package core

import "context"

// notify queues a mail to the account owner about a security event that
// has already happened (outside a transaction). The outbox delivers it in
// the background and retries it for a day, so the request that caused it
// does not wait for the mail server. A failure to queue it is logged, not
// returned.
func (s *Service) notify(ctx context.Context, u *User, subject, body string) {
	if err := s.notifyTx(context.WithoutCancel(ctx), s.store, u, subject, body); err != nil {
		s.log.Error("security notification not queued", "to", u.Email, "subject", subject, "err", err)
	}
}

// notifyTx queues the same mail through st: called with the Store of a
// transaction, the mail is written with the change it reports, or not at
// all.
func (s *Service) notifyTx(ctx context.Context, st Store, u *User, subject, body string) error {
	msg := Message{
		To:      u.Email,
		Subject: subject,
		Text: "Hello " + u.Name + ",\n\n" + body +
			"\n\nYou can review recent security events under My Account -> Security.\n",
	}
	return s.enqueueMail(ctx, st, MailNotification, msg, s.clock().Add(notificationLifetime), nil)
}

func (s *Service) recoveryCodeUsed(ctx context.Context, u *User, meta ClientMeta) {
	s.event(ctx, u.ID, EventRecoveryUsed, meta, "")
	left, err := s.store.RecoveryCodesLeft(ctx, u.ID)
	if err != nil {
		s.log.Warn("count recovery codes", "err", err)
	}
	s.notify(ctx, u, "A recovery code was used",
		"A recovery code of your account was just used to sign in or to confirm a change "+
			"(from "+meta.IP+"). You have "+itoa(left)+" unused recovery codes left.\n\n"+
			"If this was not you, someone has your password and a recovery code: change your password and regenerate your recovery codes.")
}
