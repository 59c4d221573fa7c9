package core

import (
	"context"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// notice is the subject and the body of a security notification, written
// in the reader's language; noticeMail puts the greeting and the closing
// line around the body.
type notice struct {
	subject, body string
}

// noticeText writes a notice with the printer of the account's language:
// each subject and each paragraph of the body is one catalogue message, so
// that every translation is a whole sentence or paragraph.
type noticeText func(tr *i18n.Printer) notice

// notify queues a mail to the account owner about a security event that
// has already happened (outside a transaction). The outbox delivers it in
// the background and retries it for a day, so the request that caused it
// does not wait for the mail server. A failure to queue it is logged, not
// returned.
func (s *Service) notify(ctx context.Context, u *User, write noticeText) {
	msg := noticeMail(u, write)
	if err := s.enqueueMail(context.WithoutCancel(ctx), s.store, MailNotification, msg, s.clock().Add(notificationLifetime), nil); err != nil {
		s.log.Error("security notification not queued", "to", u.Email, "subject", msg.Subject, "err", err)
	}
}

// notifyTx queues the same mail through st: called with the Store of a
// transaction, the mail is written with the change it reports, or not at
// all.
func (s *Service) notifyTx(ctx context.Context, st Store, u *User, write noticeText) error {
	return s.enqueueMail(ctx, st, MailNotification, noticeMail(u, write), s.clock().Add(notificationLifetime), nil)
}

// noticeMail is the notification write makes for u, in the account's
// language, to the account's address.
func noticeMail(u *User, write noticeText) Message {
	tr := mailPrinter(u)
	n := write(tr)
	return Message{
		To:      u.Email,
		Subject: n.subject,
		Text: tr.T("Hello %s,", u.Name) + "\n\n" + n.body + "\n\n" +
			tr.T("You can review recent security events under My Account -> Security.") + "\n",
	}
}

func (s *Service) recoveryCodeUsed(ctx context.Context, u *User, meta ClientMeta) {
	s.event(ctx, u.ID, EventRecoveryUsed, meta, "")
	left, err := s.store.RecoveryCodesLeft(ctx, u.ID)
	if err != nil {
		s.log.Warn("count recovery codes", "err", err)
	}
	s.notify(ctx, u, func(tr *i18n.Printer) notice {
		return notice{tr.T("A recovery code was used"),
			tr.T("A recovery code of your account was just used to sign in or to confirm a change "+
				"(from %[2]s). You have %[1]d unused recovery codes left.\n\n"+
				"If this was not you, someone has your password and a recovery code: change your password and regenerate your recovery codes.",
				left, meta.IP)}
	})
}
