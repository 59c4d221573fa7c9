package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// CodeWrongPassword answers a wrong current password on a signed-in change.
const CodeWrongPassword = "wrong-password"

// requireFresh lets a password or email change through without a new proof
// when this session proved a second factor less than StepUpFreshness ago,
// or when the account has no second factor. Otherwise it asks, as
// requireProof does.
func (s *Service) requireFresh(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	methods, _, err := s.methods(ctx, p.User)
	if err != nil {
		return err
	}
	if len(methods) == 0 {
		return nil
	}
	at := p.Session.SecondFactorAt
	if !at.IsZero() && s.clock().Sub(at) < s.cfg.StepUpFreshness {
		return nil
	}
	return s.requireProof(ctx, p, proof, meta)
}

// checkCurrentPassword verifies the password of the signed-in user, under
// the guessing limit of the account and the session's device, so a stolen
// session cannot be used to guess it at leisure.
func (s *Service) checkCurrentPassword(ctx context.Context, p *Principal, field, pw string, meta ClientMeta) error {
	if pw == "" {
		return badRequest(field, "is required")
	}
	u := p.User
	err := s.guarded(ctx, s.guards.secondFactor, requester(u.ID, p.Session.KnownDeviceID), u, MethodPassword, false, meta, func(time.Time) (bool, string, error) {
		ok, err := s.hasher.Verify(ctx, u.PasswordHash, pw)
		if err != nil {
			return false, "", hashFailed("verify password", err)
		}
		return ok, field + ": is not your current password", nil
	})
	if e, ok := AsError(err); ok && e.Code == CodeTwoFactorInvalid {
		return &Error{Code: CodeWrongPassword, Field: field, Message: e.Message, AttemptsLeft: e.AttemptsLeft}
	}
	return err
}

// ChangePassword replaces the password. It needs the current password and,
// unless the session proved a second factor recently, a proof. Every other
// session and every trusted device of the account ends.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next string, proof Proof, meta ClientMeta) error {
	if err := validatePassword("newPassword", next, p.User.Email); err != nil {
		return err
	}
	if err := s.checkCurrentPassword(ctx, p, "currentPassword", current, meta); err != nil {
		return err
	}
	if err := s.requireFresh(ctx, p, proof, meta); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return hashFailed("change password", err)
	}
	if err := s.store.SetPassword(ctx, p.User.ID, hash, s.clock()); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if err := s.store.DeleteUserSessions(ctx, p.User.ID, p.Session.TokenHash); err != nil {
		return fmt.Errorf("change password: end other sessions: %w", err)
	}
	if err := s.revokeAllDevices(ctx, p.User.ID, meta, "password changed"); err != nil {
		return err
	}
	s.event(ctx, p.User.ID, EventPasswordChanged, meta, "")
	s.notify(p.User, "Your password was changed",
		"The password of your account was changed; other sessions were signed out and trusted devices forgotten.\n\n"+
			"If this was not you, someone has access to your account: use a recovery code to sign in and change it back.")
	return nil
}

func emailChangePurpose(sessionHash, newEmail string) string {
	return "email-change:" + sessionHash + ":" + newEmail
}

// RequestEmailChange mails a code to the new address; ConfirmEmailChange
// with that code makes the change. Like a password change it needs a
// recent second factor. It reports whether the mail holds the same code as
// the last request for this address in this session (see sendEmailCode).
func (s *Service) RequestEmailChange(ctx context.Context, p *Principal, newEmail string, proof Proof, meta ClientMeta) (sameCode bool, err error) {
	email, err := normalizeEmail("email", newEmail)
	if err != nil {
		return false, err
	}
	if email == p.User.Email {
		return false, badRequest("email", "is already your address")
	}
	if err := s.requireFresh(ctx, p, proof, meta); err != nil {
		return false, err
	}
	if _, err := s.store.UserByEmail(ctx, email); err == nil {
		return false, &Error{Code: CodeEmailTaken, Field: "email", Message: "email: another account uses this address"}
	} else if !errors.Is(err, ErrNotFound) {
		return false, fmt.Errorf("change email: %w", err)
	}
	return s.sendEmailCode(ctx, p.User, emailChangePurpose(p.Session.TokenHash, email), email,
		"to confirm your new email address", p.Session.KnownDeviceID, meta)
}

// ConfirmEmailChange checks the code mailed to the new address and makes
// it the account's address. The old address is told.
func (s *Service) ConfirmEmailChange(ctx context.Context, p *Principal, newEmail, code string, meta ClientMeta) error {
	email, err := normalizeEmail("email", newEmail)
	if err != nil {
		return err
	}
	norm, err := normalizeCode(MethodEmail, code)
	if err != nil {
		return err
	}
	purpose := emailChangePurpose(p.Session.TokenHash, email)
	// The code mailed to the new address is no second factor: it proves
	// only that the session's holder reads that mailbox. So it has a
	// record of its own, per session, and never touches the second-factor
	// records: wrong codes from a stolen session lock only that session's
	// email change (never the owner's logins or step-ups), and a right one
	// cannot clear the count of second-factor guesses. Guessing it gains
	// little anyway: each code dies after EmailCodeAttempts wrong tries,
	// and new ones cost mails from the session's budget.
	err = s.guarded(ctx, s.guards.emailConfirm, p.Session.TokenHash, p.User, "email-change", true, meta, func(now time.Time) (bool, string, error) {
		return s.checkEmailCode(ctx, p.User, purpose, norm, now)
	})
	if err != nil {
		return err
	}
	if err := s.store.SetEmail(ctx, p.User.ID, email); err != nil {
		if errors.Is(err, ErrConflict) {
			return &Error{Code: CodeEmailTaken, Field: "email", Message: "email: another account took this address meanwhile"}
		}
		return fmt.Errorf("change email: %w", err)
	}
	old := *p.User
	s.event(ctx, p.User.ID, EventEmailChanged, meta, old.Email+" -> "+email)
	s.notify(&old, "Your email address was changed",
		"The email address of your account was changed to "+email+". Mail about your account now goes there.\n\n"+
			"If this was not you, someone has access to your account: sign in with a recovery code and change it back.")
	p.User.Email = email
	return nil
}
