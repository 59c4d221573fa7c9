package core

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// EmailUndoTTL is how long the link mailed to the old address can undo an
// email change.
const EmailUndoTTL = undoDays * 24 * time.Hour

// undoDays is EmailUndoTTL in days, as the mail to the old address says it.
const undoDays = 7

func emailChangePurpose(sessionHash, newEmail string) string {
	return "email-change:" + sessionHash + ":" + newEmail
}

// RequestEmailChange mails a code to the new address; ConfirmEmailChange
// with that code makes the change. It always needs a second factor proved
// with this request (no freshness exemption): the address receives codes
// and notifications, so whoever changes it must hold a factor of the
// owner's, not only a session. It reports whether the mail holds the same
// code as the last request for this address in this session (see
// sendEmailCode).
func (s *Service) RequestEmailChange(ctx context.Context, p *Principal, newEmail string, proof Proof, meta ClientMeta) (sameCode bool, err error) {
	email, err := normalizeEmail("email", newEmail)
	if err != nil {
		return false, err
	}
	if email == p.User.Email {
		return false, badRequest("email", "is already your address")
	}
	if _, err := s.store.UserByEmail(ctx, email); err == nil {
		return false, fieldErrorf(CodeEmailTaken, "email", "another account uses this address")
	} else if !errors.Is(err, ErrNotFound) {
		return false, fmt.Errorf("change email: %w", err)
	}
	if err := s.checkNotHeld(ctx, s.store, email, p.User.ID); err != nil {
		return false, err
	}
	if err := s.mailLocked(ctx, p.User, email, sessionAsker(p), meta); err != nil {
		return false, err
	}
	// While an earlier change can be undone, the new address proves no
	// further change, or its holder could move on and cancel the owner's
	// link with the one the next change mails to them.
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return false, err
	}
	return s.sendEmailCode(ctx, p.User, emailChangePurpose(p.Session.TokenHash, email), email,
		"to confirm your new email address", sessionAsker(p), meta)
}

// ConfirmEmailChange checks the code mailed to the new address and makes
// it the account's address. In the same transaction it ends every other
// session, trusted device, open login and mailed code, and stores a
// single-use link, mailed to the old address, that undoes the change for
// EmailUndoTTL.
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
	err = s.guarded(ctx, s.guards().emailConfirm, p.Session.TokenHash, p.User, "email-change", true, meta, func(now time.Time) (bool, reason, error) {
		return s.checkEmailCode(ctx, p.User, purpose, norm, now)
	})
	if err != nil {
		return err
	}
	token, err := newToken(s.rand)
	if err != nil {
		return err
	}
	now := s.clock()
	old := *p.User
	undo := &EmailUndo{TokenHash: hashToken(token), UserID: old.ID, OldEmail: old.Email, NewEmail: email, OldPasswordHash: old.PasswordHash,
		CreatedAt: now, ExpiresAt: now.Add(EmailUndoTTL)}
	err = s.atomically(ctx, func(st Store) error {
		if err := s.checkNotHeld(ctx, st, email, old.ID); err != nil {
			return err
		}
		if err := st.SetEmail(ctx, old.ID, email); err != nil {
			if errors.Is(err, ErrConflict) {
				return fieldErrorf(CodeEmailTaken, "email", "another account took this address meanwhile")
			}
			return fmt.Errorf("change email: %w", err)
		}
		// The code mailed to the new address proved it.
		if _, err := st.SetEmailVerified(ctx, old.ID, email, now); err != nil {
			return fmt.Errorf("change email: %w", err)
		}
		if err := st.DeleteUserSessions(ctx, old.ID, p.Session.TokenHash); err != nil {
			return fmt.Errorf("change email: end other sessions: %w", err)
		}
		if err := s.signOutApps(ctx, st, old.ID); err != nil {
			return err
		}
		if err := s.revokeAllDevices(ctx, st, old.ID, meta, "email changed"); err != nil {
			return err
		}
		if err := s.endOpenLogins(ctx, st, old.ID); err != nil {
			return err
		}
		if err := st.CreateEmailUndo(ctx, undo); err != nil {
			return fmt.Errorf("change email: store undo link: %w", err)
		}
		if err := s.record(ctx, st, old.ID, EventEmailChanged, meta, old.Email+" -> "+email); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, &old, func(tr *i18n.Printer) notice {
			return notice{tr.T("Your email address was changed"),
				tr.T("The email address of your account was changed to %s. Mail about your account, and email codes, now go there; "+
					"your other sessions were signed out and trusted devices forgotten.", email) + "\n\n" +
					tr.T("If this was not you, open this link within %[1]d days to put this address back and sign everyone out:\n\n    %[2]s\n\n"+
						"Then change your password.", undoDays, s.undoLink(token))}
		})
	})
	if err != nil {
		return err
	}
	p.User.Email = email
	return nil
}

// undoLink is the page that takes an undo token.
func (s *Service) undoLink(token string) string {
	return s.cfg().BaseURL + "/email/undo?token=" + url.QueryEscape(token)
}

// errAddressHeld answers a sign-up or email change to an address that an
// open undo link may still put back on its account.
var errAddressHeld = fieldErrorf(CodeEmailTaken, "email",
	"this address left an account less than 7 days ago and may still return to it; use another address")

// checkNotHeld refuses email while an open undo link of an account other
// than userID ("" for a sign-up) may put it back: otherwise whoever moved
// an account's address could take the old one for an account of their own
// and so break the owner's undo link.
func (s *Service) checkNotHeld(ctx context.Context, st Store, email, userID string) error {
	holder, err := st.EmailUndoHolder(ctx, email, s.clock())
	if err != nil {
		return fmt.Errorf("check email address: %w", err)
	}
	if holder != "" && holder != userID {
		return errAddressHeld
	}
	return nil
}

var errUndoInvalid = fieldErrorf(CodeUndoInvalid, "token",
	"this link is unknown, was already used or has expired (links last 7 days)")

// UndoEmailChange puts back the address an email change replaced, given the
// token of the link mailed to that address, and the password of that time
// if it has changed since. In one transaction it ends every session and
// trusted device of the account, its open logins and mailed codes, and the
// undo links of later changes. It returns the address put back.
func (s *Service) UndoEmailChange(ctx context.Context, token string, meta ClientMeta) (string, error) {
	if token == "" {
		return "", badRequest("token", "is required")
	}
	var u *User
	var undo *EmailUndo
	err := s.atomically(ctx, func(st Store) error {
		now := s.clock()
		var err error
		undo, err = st.UseEmailUndo(ctx, hashToken(token), now)
		if errors.Is(err, ErrNotFound) {
			return errUndoInvalid
		}
		if err != nil {
			return fmt.Errorf("undo email change: %w", err)
		}
		if u, err = st.UserByID(ctx, undo.UserID); err != nil {
			return fmt.Errorf("undo email change: %w", err)
		}
		if err := st.SetEmail(ctx, u.ID, undo.OldEmail); err != nil {
			if errors.Is(err, ErrConflict) {
				return errorf(CodeEmailTaken, "another account uses %s now, so it cannot be put back; contact the administrator", undo.OldEmail).about("token")
			}
			return fmt.Errorf("undo email change: %w", err)
		}
		// The link mailed to the old address proved it.
		if _, err := st.SetEmailVerified(ctx, u.ID, undo.OldEmail, now); err != nil {
			return fmt.Errorf("undo email change: %w", err)
		}
		// A password changed since (by whoever moved the address, who knew
		// it) goes back to the one the owner had, so the owner is not left
		// outside with an address but no password.
		passwordBack := undo.OldPasswordHash != "" && undo.OldPasswordHash != u.PasswordHash
		if passwordBack {
			if err := st.SetPassword(ctx, u.ID, undo.OldPasswordHash, now); err != nil {
				return fmt.Errorf("undo email change: put the password back: %w", err)
			}
		}
		// Links of later changes go too; an older one stays, so whoever
		// made a later change cannot cancel the owner's link with theirs.
		if err := st.CloseEmailUndos(ctx, u.ID, undo.CreatedAt, now); err != nil {
			return fmt.Errorf("undo email change: %w", err)
		}
		if err := st.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return fmt.Errorf("undo email change: end sessions: %w", err)
		}
		if err := s.signOutApps(ctx, st, u.ID); err != nil {
			return err
		}
		if err := s.revokeAllDevices(ctx, st, u.ID, meta, "email change undone"); err != nil {
			return err
		}
		if err := s.endOpenLogins(ctx, st, u.ID); err != nil {
			return err
		}
		if err := s.record(ctx, st, u.ID, EventEmailChangeUndone, meta, u.Email+" -> "+undo.OldEmail); err != nil {
			return err
		}
		restored := *u
		restored.Email = undo.OldEmail
		return s.notifyTx(ctx, st, &restored, func(tr *i18n.Printer) notice {
			back := tr.T("Your account's email address is %[1]s again (it had been changed to %[2]s), "+
				"and every session was signed out.\n\n"+
				"Someone may know your password: sign in and change it now.", undo.OldEmail, u.Email)
			if passwordBack {
				back = tr.T("Your account's email address is %[1]s again (it had been changed to %[2]s), "+
					"and every session was signed out. The password had been changed since; it is the one you had before the change again.\n\n"+
					"Someone may know your password: sign in and change it now.", undo.OldEmail, u.Email)
			}
			return notice{tr.T("Your email address was put back"), back}
		})
	})
	if err != nil {
		return "", err
	}
	return undo.OldEmail, nil
}
