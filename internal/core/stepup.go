package core

import (
	"context"
	"fmt"
	"slices"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// Proof is a second factor presented to authorise a sensitive action.
type Proof struct {
	Method string
	Code   string
}

// ProofMethods lists the methods the signed-in user may present to
// authorise a sensitive action, and the one to offer first. With no second
// factor left it is the password alone.
func (s *Service) ProofMethods(ctx context.Context, p *Principal) (methods []string, preferred string, err error) {
	methods, preferred, err = s.methods(ctx, p.User)
	if err != nil {
		return nil, "", err
	}
	if len(methods) == 0 {
		return []string{MethodPassword}, MethodPassword, nil
	}
	return methods, preferred, nil
}

// requireProof authorises a sensitive action with a second factor, or with
// the password when the account has none left. Without a proof it answers
// 2fa-required and, when the method is email, mails a code first.
func (s *Service) requireProof(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	methods, preferred, err := s.ProofMethods(ctx, p)
	if err != nil {
		return err
	}
	return s.proveWith(ctx, p, methods, preferred, proof, meta)
}

// requireFactorProof is requireProof for a change to the account's second
// factors (adding an authenticator app, disabling one, turning email codes
// off, replacing the recovery codes). While a recent email change can still
// be undone from the old address, a code sent to the new address is no
// proof for such a change: otherwise whoever moved the address could use
// their own mailbox to add a factor of theirs, or strip the owner's, before
// the owner sees the undo link. With nothing else to prove it with, the
// change waits until the link has expired.
func (s *Service) requireFactorProof(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	methods, preferred, err := s.FactorProofMethods(ctx, p)
	if err != nil {
		return err
	}
	return s.proveWith(ctx, p, methods, preferred, proof, meta)
}

// FactorProofMethods is ProofMethods for a change to the second factors or
// the address: while an email change can be undone, email is left out, and
// with nothing left the answer is a method-unavailable error that says why.
func (s *Service) FactorProofMethods(ctx context.Context, p *Principal) (methods []string, preferred string, err error) {
	methods, preferred, err = s.ProofMethods(ctx, p)
	if err != nil || !slices.Contains(methods, MethodEmail) {
		return methods, preferred, err
	}
	open, err := s.store.EmailUndoOpen(ctx, p.User.ID, s.clock())
	if err != nil {
		return nil, "", fmt.Errorf("check email change: %w", err)
	}
	if !open {
		return methods, preferred, nil
	}
	methods = slices.DeleteFunc(slices.Clone(methods), func(m string) bool { return m == MethodEmail })
	if len(methods) == 0 {
		return nil, "", errAddressTooNew
	}
	if preferred == MethodEmail {
		preferred = methods[0]
	}
	return methods, preferred, nil
}

var errAddressTooNew = errorf(CodeMethodUnavailable,
	"your email address changed less than 7 days ago: until the link mailed to the previous address expires, "+
		"codes sent to the new address prove no change to your second factors or your address, and you have no other factor; try again once the link has expired").about("method")

// proveWith is requireProof with the methods already chosen.
func (s *Service) proveWith(ctx context.Context, p *Principal, methods []string, preferred string, proof Proof, meta ClientMeta) error {
	u := p.User
	purpose := stepUpPurpose(p.Session.TokenHash)
	if proof.Code == "" {
		req := &ProofRequest{Methods: methods, Method: preferred}
		if proof.Method != "" && slices.Contains(methods, proof.Method) {
			req.Method = proof.Method
		}
		if req.Method == MethodEmail {
			same, err := s.sendEmailCode(ctx, u, purpose, u.Email, "to confirm a change to your account", sessionAsker(p), meta)
			if err != nil {
				return err
			}
			req.CodeSent, req.SameCode = true, same
		}
		e := errorf(CodeTwoFactorRequired, "this change needs proof: repeat it with the X-2FA-Method and X-2FA-Code headers")
		if req.CodeSent {
			e = errorf(CodeTwoFactorRequired, "this change needs proof: repeat it with the X-2FA-Method and X-2FA-Code headers; an email code is on its way to your address")
		}
		e.Proof = req
		return e
	}
	p.forgetRecoveryCount() // the proof may be a recovery code, used up now
	if err := s.verifyFactor(ctx, u, s.guards().sessionFactor, p.Session.ID, methods, proof.Method, proof.Code, purpose, meta); err != nil {
		return err
	}
	if proof.Method == MethodPassword {
		return nil
	}
	if err := s.store.MarkSecondFactor(ctx, p.Session.TokenHash, s.clock()); err != nil {
		return fmt.Errorf("mark second factor: %w", err)
	}
	return nil
}

// DisableTOTP turns the authenticator app off, after proof.
func (s *Service) DisableTOTP(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	if !p.User.TOTPEnabled() {
		return errorf(CodeTOTPNotEnabled, "no authenticator app is enabled")
	}
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return err
	}
	return s.atomically(ctx, func(st Store) error {
		if err := st.DisableTOTP(ctx, p.User.ID); err != nil {
			return fmt.Errorf("disable TOTP: %w", err)
		}
		return s.setupChanged(ctx, st, p.User, meta, "TOTP disabled", EventTOTPDisabled, func(tr *i18n.Printer) notice {
			return notice{tr.T("Your authenticator app was disabled"),
				tr.T("The authenticator app (TOTP) is no longer a second factor of your account, and trusted devices were forgotten.\n\n" +
					"If this was not you, sign in, change your password and enable it again.")}
		})
	})
}

// EnableEmail2FA turns email codes on, when the settings allow them.
// Adding protection needs no proof.
func (s *Service) EnableEmail2FA(ctx context.Context, p *Principal, meta ClientMeta) error {
	if p.User.Email2FA {
		return nil
	}
	if err := s.requireAllowed(MethodEmail); err != nil {
		return err
	}
	return s.atomically(ctx, func(st Store) error {
		if err := st.SetEmail2FA(ctx, p.User.ID, true); err != nil {
			return fmt.Errorf("enable email 2FA: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventEmail2FAEnabled, meta, "")
	})
}

// DisableEmail2FA turns email codes off, after proof.
func (s *Service) DisableEmail2FA(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	if !p.User.Email2FA {
		return nil
	}
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return err
	}
	return s.atomically(ctx, func(st Store) error {
		if err := st.SetEmail2FA(ctx, p.User.ID, false); err != nil {
			return fmt.Errorf("disable email 2FA: %w", err)
		}
		return s.setupChanged(ctx, st, p.User, meta, "email 2FA disabled", EventEmail2FADisabled, func(tr *i18n.Printer) notice {
			return notice{tr.T("Email codes were turned off"),
				tr.T("Codes sent to this address are no longer a second factor of your account, and trusted devices were forgotten.\n\n" +
					"If this was not you, sign in, change your password and turn them on again.")}
		})
	})
}

// RegenerateRecoveryCodes replaces every recovery code, after proof, and
// returns the new set, shown this once.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) ([]string, error) {
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return nil, err
	}
	shown, hashes, err := s.newRecoveryCodes(p.User.ID)
	if err != nil {
		return nil, err
	}
	err = s.atomically(ctx, func(st Store) error {
		if err := st.ReplaceRecoveryCodes(ctx, p.User.ID, hashes, s.clock()); err != nil {
			return fmt.Errorf("regenerate recovery codes: %w", err)
		}
		if err := s.record(ctx, st, p.User.ID, EventRecoveryRegen, meta, ""); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, p.User, func(tr *i18n.Printer) notice {
			return notice{tr.T("New recovery codes were made"),
				tr.T("Your recovery codes were regenerated; the old ones no longer work.\n\n" +
					"If this was not you, someone has access to your account: change your password.")}
		})
	})
	if err != nil {
		return nil, err
	}
	return shown, nil
}
