package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// EventAccountDeleted records that an account was deleted. It is the one
// event of the account that outlives it (until EventRetention has passed):
// its UserID is the deleted account's id, its IP and UserAgent those of
// whoever deleted it, and its Detail "<address> by <actor>", where actor
// is DeletedBySelf, an administrator's address, or "the command line".
const EventAccountDeleted = "account-deleted"

// DeletedBySelf is the actor an account-deleted event names when the
// owner deleted the account.
const DeletedBySelf = "self"

var errNoAccount = fieldErrorf(CodeNotFound, "id", "there is no account with this id")

// DeleteAccount deletes the signed-in user's own account for good. It needs
// the current password and, when the account has a second factor, a proof
// with this very request, whatever the session proved before: the proof
// methods are those of a change to the second factors (FactorProofMethods),
// so while an email change can still be undone, a code mailed to the new
// address cannot delete the account and with it the owner's undo link.
//
// Asked without a proof, on an account with a second factor, it answers
// 2fa-required before it looks at the password (mailing a code when email
// is the method offered), as every sensitive action does: the password is
// then sent once, with the proof. The password is checked before the
// proof, so a wrong one uses up no code.
func (s *Service) DeleteAccount(ctx context.Context, p *Principal, password string, proof Proof, meta ClientMeta) error {
	methods, _, err := s.methods(ctx, p.User)
	if err != nil {
		return err
	}
	if len(methods) > 0 && proof.Code == "" {
		return s.requireFactorProof(ctx, p, proof, meta)
	}
	if err := s.checkCurrentPassword(ctx, p, "password", password, meta); err != nil {
		return err
	}
	if len(methods) > 0 {
		if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
			return err
		}
	}
	return s.deleteAccount(ctx, p.User.ID, DeletedBySelf, meta)
}

// DeleteUser deletes the account userID for an administrator (op, whose
// own second factor AdminOperator has checked), naming the administrator's
// address, or the command line, in the audit trail. It answers not-found
// when there is no such account, and last-admin for the last administrator
// who can sign in.
func (s *Service) DeleteUser(ctx context.Context, userID string, op *Operator) error {
	return s.deleteAccount(ctx, userID, op.name, op.meta)
}

// deleteAccount deletes the account and everything of it in one
// transaction: its rows (through the store's cascade), its limit records,
// its events, and the mail to its address that no sender is handing over
// right now. In the same transaction it records the one account-deleted
// event and queues the goodbye notice to the address. A failure anywhere
// leaves the account whole.
func (s *Service) deleteAccount(ctx context.Context, userID, actor string, meta ClientMeta) error {
	if userID == "" || !utf8.ValidString(userID) || strings.ContainsRune(userID, 0) {
		return errNoAccount // no account has such an id; some databases refuse to look
	}
	return s.atomically(ctx, func(st Store) error {
		if err := s.KeepAnAdmin(ctx, st, userID); err != nil {
			return err
		}
		now := s.clock()
		// Every session, expired ones too (none expires after the zero time).
		sessions, err := st.UserSessions(ctx, userID, time.Time{})
		if err != nil {
			return fmt.Errorf("delete account: list sessions: %w", err)
		}
		devices, err := st.KnownDeviceIDs(ctx, userID)
		if err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
		u, err := st.DeleteUser(ctx, userID)
		if errors.Is(err, ErrNotFound) {
			return errNoAccount
		}
		if err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
		if err := forgetLimits(ctx, st, userID, sessions, devices); err != nil {
			return err
		}
		if _, err := st.DeleteUserEvents(ctx, userID, keptEvents); err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
		if _, err := st.DeleteMailTo(ctx, u.Email, now); err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
		if err := s.record(ctx, st, userID, EventAccountDeleted, meta, u.Email+" by "+actor); err != nil {
			return err
		}
		return s.enqueueMail(ctx, st, MailNotification, s.goodbye(u, actor, now, meta), now.Add(notificationLifetime), nil)
	})
}

// keptEvents are the event types a deleted account leaves in the audit
// trail besides its deletion: what it changed of the server as an
// administrator is the server's history, not the person's.
var keptEvents = []string{EventSettingsChanged}

// forgetLimits deletes the limit records of a deleted account: those kept
// per account and requester (second-factor guesses and code mails), its
// record of session code mails, and those of its sessions and known
// devices. None of them could be reached again, since ids are never
// reused; deleting them leaves nothing of the account behind.
func forgetLimits(ctx context.Context, st Store, userID string, sessions []Session, devices []string) error {
	if _, err := st.DeleteThrottles(ctx, accountLimitPrefixes(userID)); err != nil {
		return fmt.Errorf("delete account: limits: %w", err)
	}
	var keys []string
	for _, sess := range sessions {
		if sess.ID != "" {
			keys = append(keys, sessionFactorKey(sess.ID))
		}
		keys = append(keys, emailConfirmKey(sess.TokenHash))
	}
	for _, id := range devices {
		keys = append(keys, loginDeviceKey(id))
	}
	for _, k := range keys {
		if err := st.ResetThrottle(ctx, k); err != nil {
			return fmt.Errorf("delete account: limits: %w", err)
		}
	}
	return nil
}

// goodbye is the notice mailed to the address of a deleted account, in
// the language the account had: u is the row the deletion returned.
func (s *Service) goodbye(u *User, actor string, at time.Time, meta ClientMeta) Message {
	tr := mailPrinter(u)
	issuer := s.cfg().Issuer
	var deleted string
	switch self := actor == DeletedBySelf; {
	case self && meta.IP != "":
		deleted = tr.T("Your %[1]s account %[2]s was deleted at your request (from %[4]s) on %[3]s.", issuer, u.Email, tr.DateTime(at), meta.IP)
	case self:
		deleted = tr.T("Your %[1]s account %[2]s was deleted at your request on %[3]s.", issuer, u.Email, tr.DateTime(at))
	case meta.IP != "":
		deleted = tr.T("Your %[1]s account %[2]s was deleted by an administrator (from %[4]s) on %[3]s.", issuer, u.Email, tr.DateTime(at), meta.IP)
	default:
		deleted = tr.T("Your %[1]s account %[2]s was deleted by an administrator on %[3]s.", issuer, u.Email, tr.DateTime(at))
	}
	return Message{
		To:      u.Email,
		Subject: tr.T("Your %s account was deleted", issuer),
		Text: tr.T("Hello %s,", u.Name) + "\n\n" +
			tr.T("%s Everything it held went with it: its second factors, recovery codes, sessions, trusted devices, "+
				"security events, and the access of the apps it signed you in to. This address may sign up again, as a new account.\n\n"+
				"If this was not you, contact the administrator of this service.", deleted) + "\n",
	}
}
