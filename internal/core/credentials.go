package core

import (
	"context"
	"fmt"
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// CodeWrongPassword answers a wrong current password on a signed-in change.
const CodeWrongPassword = "wrong-password"

// requireFresh lets a password change through without a new proof when
// this session proved a second factor less than StepUpFreshness ago, or
// when the account has no second factor (the current password, which a
// password change needs anyway, is then all there is). Otherwise it asks,
// as requireProof does.
func (s *Service) requireFresh(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	methods, _, err := s.methods(ctx, p.User)
	if err != nil {
		return err
	}
	if len(methods) == 0 {
		return nil
	}
	at := p.Session.SecondFactorAt
	if !at.IsZero() && s.clock().Sub(at) < s.cfg().StepUpFreshness {
		return nil
	}
	return s.requireProof(ctx, p, proof, meta)
}

// checkCurrentPassword verifies the password of the signed-in user, under
// the session's own guessing record, so a stolen session can neither guess
// it at leisure nor lock the owner's devices out by guessing wrong.
func (s *Service) checkCurrentPassword(ctx context.Context, p *Principal, field, pw string, meta ClientMeta) error {
	if p.User.PasswordHash == "" { // a passkey-only account: the proof that follows is the check
		return nil
	}
	if pw == "" {
		return badRequest(field, "is required")
	}
	u := p.User
	err := s.guarded(ctx, s.guards().sessionFactor, p.Session.ID, u, MethodPassword, false, meta, func(time.Time) (bool, reason, error) {
		ok, err := s.hasher.Verify(ctx, u.PasswordHash, pw)
		if err != nil {
			return false, reason{}, hashFailed("verify password", err)
		}
		return ok, because("is not your current password"), nil
	})
	if e, ok := AsError(err); ok && e.Code == CodeTwoFactorInvalid {
		wrong := fieldErrorf(CodeWrongPassword, field, "is not your current password")
		wrong.AttemptsLeft = e.AttemptsLeft
		return wrong
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
	return s.atomically(ctx, func(st Store) error {
		if err := st.SetPassword(ctx, p.User.ID, hash, s.clock()); err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		if err := st.DeleteUserSessions(ctx, p.User.ID, p.Session.TokenHash); err != nil {
			return fmt.Errorf("change password: end other sessions: %w", err)
		}
		if err := s.signOutApps(ctx, st, p.User.ID); err != nil {
			return err
		}
		return s.setupChanged(ctx, st, p.User, meta, "password changed", EventPasswordChanged, func(tr *i18n.Printer) notice {
			return notice{tr.T("Your password was changed"),
				tr.T("The password of your account was changed; other sessions were signed out and trusted devices forgotten.\n\n" +
					"If this was not you, someone has access to your account: use a recovery code to sign in and change it back.")}
		})
	})
}
