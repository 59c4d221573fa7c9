package core

import (
	"context"
	"fmt"
	"strconv"

	"github.com/twofa-dev/twofa/internal/codes"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Email code purposes: a code is good only for what it was sent for.
func loginPurpose(challengeHash string) string { return "login:" + challengeHash }
func stepUpPurpose(sessionHash string) string  { return "step-up:" + sessionHash }

// sendEmailCode queues a mail with a fresh code for purpose to target,
// replacing any earlier code for the same purpose; the outbox delivers it
// in the background, so no request waits for the mail server. Mails are
// limited per client address and per account; the charge is taken back if
// the mail is never delivered.
func (s *Service) sendEmailCode(ctx context.Context, u *User, purpose, target, what string, meta ClientMeta) error {
	return s.sendEmailCodeTx(ctx, s.store, u, purpose, target, what, meta)
}

// sendEmailCodeTx is sendEmailCode writing through st, so that the code
// and its mail can be part of a larger transaction.
func (s *Service) sendEmailCodeTx(ctx context.Context, st Store, u *User, purpose, target, what string, meta ClientMeta) error {
	now := s.clock()
	charged, err := s.chargeCodeMail(ctx, u, meta, now)
	if err != nil {
		return err
	}
	code, err := codes.NewEmailCode(s.rand)
	if err != nil {
		return fmt.Errorf("email code: %w", err)
	}
	id, err := newID(s.rand, "c_")
	if err != nil {
		return fmt.Errorf("email code: %w", err)
	}
	c := &EmailCode{
		ID:        id,
		UserID:    u.ID,
		Purpose:   purpose,
		CodeHash:  s.emailCodeHash(purpose, code),
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.EmailCodeTTL),
		Target:    target,
	}
	if err := st.CreateEmailCode(ctx, c); err != nil {
		return fmt.Errorf("store email code: %w", err)
	}
	shown := codes.FormatEmailCode(code)
	msg := Message{
		To:      target,
		Subject: "Your " + s.cfg.Issuer + " verification code",
		Text: fmt.Sprintf("Hello %s,\n\nYour verification code %s is:\n\n    %s\n\n"+
			"It is valid for %s and works once. If you did not ask for it, someone may know your password: change it.\n",
			u.Name, what, shown, humanLifetime(s.cfg.EmailCodeTTL)),
	}
	// A code mail is worthless once the code has expired.
	if err := s.enqueueMail(ctx, st, MailCode, msg, c.ExpiresAt, charged); err != nil {
		if uerr := s.unchargeCodeMail(ctx, charged); uerr != nil {
			s.log.Error("mail limits not restored after a code mail failed to queue", "err", uerr)
		}
		return err
	}
	return nil
}
