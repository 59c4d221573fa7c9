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

// sendEmailCode mails a fresh code for purpose to target, replacing any
// earlier code for the same purpose. Mails are limited per client address
// and per account.
func (s *Service) sendEmailCode(ctx context.Context, u *User, purpose, target, what string, meta ClientMeta) error {
	now := s.clock()
	if meta.IP != "" {
		if _, err := s.limits.charge(ctx, mailAddrKey(meta.IP), s.cfg.MailAddrLimit, now); err != nil {
			return err
		}
	}
	if _, err := s.limits.charge(ctx, mailUserKey(u.ID), s.cfg.MailUserLimit, now); err != nil {
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
	if err := s.store.CreateEmailCode(ctx, c); err != nil {
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
	if err := s.mailer.Send(ctx, msg); err != nil {
		s.log.Error("email code not sent", "to", target, "err", err)
		return &Error{Code: CodeMailFailed, Message: "the code could not be mailed; try again in a moment or use another method"}
	}
	return nil
}
