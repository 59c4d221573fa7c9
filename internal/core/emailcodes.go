package core

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/codes"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Email code purposes: a code is good only for what it was sent for. Each
// names one login challenge or one session, so it belongs to one requester.
func loginPurpose(challengeHash string) string { return "login:" + challengeHash }
func stepUpPurpose(sessionHash string) string  { return "step-up:" + sessionHash }

// asker is who asks for a code mail, for the mail budgets: a login from a
// known device of the account (deviceID) or from an unknown one (both
// empty), or a signed-in session (sessionHash) asking for a step-up code or
// a code for a new address.
type asker struct {
	deviceID    string
	sessionHash string
}

// loginAsker is a login's asker: its known device, "" for an unknown one.
func loginAsker(deviceID string) asker { return asker{deviceID: deviceID} }

// sessionAsker is a signed-in session's asker.
func sessionAsker(p *Principal) asker { return asker{sessionHash: p.Session.TokenHash} }

// budget names the asker's mail budget on the account userID. A session
// has a budget of its own rather than its device's: ten step-up probes
// from a stolen session must not use up the login codes of the device it
// was stolen from.
func (a asker) budget(userID string) string {
	if a.sessionHash != "" {
		return userID + ":session:" + a.sessionHash
	}
	return requester(userID, a.deviceID)
}

// stranger reports whether the asker is an unknown device, whose mails
// also count against the client address's budget.
func (a asker) stranger() bool { return a.sessionHash == "" && a.deviceID == "" }

// sendEmailCode queues a mail with a code for purpose to target and
// reports whether it is the same code as the last one. The outbox delivers
// it in the background, so no request waits for the mail server; if it is
// never delivered, what it cost the budgets below is taken back. Mails are limited per account and
// asker (a known device, all unknown devices together, or a session) and,
// for unknown devices, per client address too: a known device or a session
// spends only its own budget, so that neither a stranger's logins, nor
// other accounts behind the same address, nor a stolen session's probes can
// stop the owner's login codes.
//
// Asking again while the last code for purpose is unused, has wrong tries
// left and is in the first half of its lifetime mails that same code
// (kept sealed with the key ring) instead of a new one: the user may read
// either mail, and the code's wrong tries are not renewed. Otherwise a new
// code replaces it.
func (s *Service) sendEmailCode(ctx context.Context, u *User, purpose, target, what string, from asker, meta ClientMeta) (sameCode bool, err error) {
	now := s.clock()
	budgets := s.mailBudgets(u, target, from, meta)
	// The records charged, kept with the mail so that the sender can take
	// the charge back if it gives up.
	charged := make([]string, len(budgets))
	for i, b := range budgets {
		charged[i] = b.g.key(b.subject)
	}
	step := func() (verdict, error) {
		// The code and its mail are written together, or neither is.
		err := s.store.InTx(ctx, func(tx Store) error {
			same, err := s.mailCode(ctx, tx, u, purpose, target, what, now, charged)
			sameCode = same
			return err
		})
		s.wakeMailSender() // after the commit, so the sender finds the mail
		if err != nil {
			return unchecked, err // nothing was queued: the count goes back
		}
		return used, nil
	}
	for _, b := range budgets {
		inner := step
		step = func() (verdict, error) {
			if _, err := b.g.attempt(ctx, b.subject, now, inner); err != nil {
				return unchecked, err // nothing was queued: this count goes back too
			}
			return used, nil
		}
	}
	_, err = step()
	return sameCode, err
}

// mailBudget is one limit a code mail is counted against.
type mailBudget struct {
	g       guard
	subject string
}

// mailBudgets lists the budgets a code mail to target, asked for by from,
// is counted against, innermost first.
func (s *Service) mailBudgets(u *User, target string, from asker, meta ClientMeta) []mailBudget {
	budgets := []mailBudget{{s.guards().mailUser, from.budget(u.ID)}}
	if from.sessionHash != "" {
		// All sessions of the account together, so that more sessions do
		// not mean more mail.
		budgets = append(budgets, mailBudget{s.guards().mailSessions, u.ID})
	}
	if meta.IP != "" && (from.stranger() || target != u.Email) {
		// A code to an address the account does not have yet is mail to a
		// stranger's mailbox: the client address pays for it too.
		budgets = append(budgets, mailBudget{s.guards().mailAddr, meta.IP})
	}
	return budgets
}

// mailLocked returns a too-many-attempts error when a code mail to target
// would be refused now, counting nothing: a request that spends a proof
// before it mails checks this first, so a recovery code is not used up for
// a mail that cannot go out.
func (s *Service) mailLocked(ctx context.Context, u *User, target string, from asker, meta ClientMeta) error {
	now := s.clock()
	for _, b := range s.mailBudgets(u, target, from, meta) {
		if err := b.g.locked(ctx, b.subject, now); err != nil {
			return err
		}
	}
	return nil
}

// mailCode picks the code (the last one again, or a new one) and queues
// its mail through st, charged against the limit records charged.
func (s *Service) mailCode(ctx context.Context, st Store, u *User, purpose, target, what string, now time.Time, charged []string) (sameCode bool, err error) {
	code, expires, err := s.reusableCode(ctx, st, u, purpose, target, now)
	if err != nil {
		return false, err
	}
	sameCode = code != ""
	if !sameCode {
		if code, expires, err = s.newEmailCode(ctx, st, u, purpose, target, now); err != nil {
			return false, err
		}
	}
	shown := codes.FormatEmailCode(code)
	p := mailPrinter(u)
	// One whole message per purpose (what), so that each translation is a
	// sentence of its own.
	body := "Hello %[1]s,\n\nYour verification code " + what + " is:\n\n    %[2]s\n\n" +
		"It is valid for %[3]s and works once. If you did not ask for it, someone may know your password: change it.\n"
	msg := Message{
		To:      target,
		Subject: p.T("Your %s verification code", s.cfg().Issuer),
		Text:    p.T(body, u.Name, shown, lifetimeIn(p, expires.Sub(now))),
	}
	// A code mail is worthless once the code has expired.
	if err := s.enqueueMail(ctx, st, MailCode, msg, expires, charged); err != nil {
		return false, err
	}
	return sameCode, nil
}

// reusableCode returns the last code for purpose in clear and its expiry
// when it may be mailed again, and "" otherwise.
func (s *Service) reusableCode(ctx context.Context, st Store, u *User, purpose, target string, now time.Time) (string, time.Time, error) {
	c, err := st.LatestEmailCode(ctx, u.ID, purpose)
	if errors.Is(err, ErrNotFound) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("find email code: %w", err)
	}
	if len(c.Sealed) == 0 || !c.UsedAt.IsZero() || c.Target != target ||
		c.Attempts >= s.cfg().EmailCodeAttempts || c.ExpiresAt.Sub(now) < s.cfg().EmailCodeTTL/2 {
		return "", time.Time{}, nil
	}
	code, err := s.keys.Open(c.Sealed, emailCodeAD(c.ID))
	if err != nil { // sealed under a key since removed: send a new one
		s.log.Warn("email code not reopened; sending a new one", "err", err)
		return "", time.Time{}, nil
	}
	return string(code), c.ExpiresAt, nil
}

// newEmailCode stores a new code for purpose, replacing any earlier one,
// and returns it in clear with its expiry.
func (s *Service) newEmailCode(ctx context.Context, st Store, u *User, purpose, target string, now time.Time) (string, time.Time, error) {
	code, err := codes.NewEmailCode(s.rand)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("email code: %w", err)
	}
	id, err := newID(s.rand, "c_")
	if err != nil {
		return "", time.Time{}, fmt.Errorf("email code: %w", err)
	}
	sealed, err := s.keys.Seal([]byte(code), emailCodeAD(id))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("seal email code: %w", err)
	}
	c := &EmailCode{
		ID:        id,
		UserID:    u.ID,
		Purpose:   purpose,
		CodeHash:  s.emailCodeHash(purpose, code),
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg().EmailCodeTTL),
		Target:    target,
		Sealed:    sealed,
	}
	if err := st.CreateEmailCode(ctx, c); err != nil {
		return "", time.Time{}, fmt.Errorf("store email code: %w", err)
	}
	return code, c.ExpiresAt, nil
}

// emailCodeAD binds a sealed code to its row.
func emailCodeAD(id string) []byte { return []byte("email-code:" + id) }

// takeBackCodeMail takes back what a code mail that was never delivered
// cost: one attempt on each limit record in charged (as sendEmailCode
// listed them), so that mail faults do not count against anyone's limits.
func (s *Service) takeBackCodeMail(ctx context.Context, charged []string) error {
	var errs []error
	for _, key := range charged {
		var g guard
		switch {
		case strings.HasPrefix(key, s.guards().mailUser.key("")):
			g = s.guards().mailUser
		case strings.HasPrefix(key, s.guards().mailAddr.key("")):
			g = s.guards().mailAddr
		case strings.HasPrefix(key, s.guards().mailSessions.key("")):
			g = s.guards().mailSessions
		default:
			errs = append(errs, fmt.Errorf("take back mail charge: unknown limit key %q", key))
			continue
		}
		if err := g.limits.takeBack(ctx, key, g.policy); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
