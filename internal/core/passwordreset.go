package core

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// PasswordResetTTL is how long a link mailed by "Forgot password?" works.
const PasswordResetTTL = 30 * time.Minute

// PasswordReset is a single-use link that sets a new password, mailed to
// an account's address by "Forgot password?" (or at an administrator's
// request). Only the SHA-256 hash of its token is stored.
type PasswordReset struct {
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is when the link was used, or closed by a newer link or a
	// change to the account; zero while it is open.
	UsedAt time.Time
}

// CodeResetTokenInvalid answers a password reset whose link is unknown,
// was already used (or replaced by a newer one) or has expired.
const CodeResetTokenInvalid = "reset-token-invalid"

// Audit events of password resets.
const (
	// EventPasswordResetRequested: a reset link was mailed to the account.
	EventPasswordResetRequested = "password-reset-requested"
	// EventPasswordReset: the password was set with a reset link.
	EventPasswordReset = "password-reset"
)

// Limits of "Forgot password?". A request over either limit is answered
// like any other (so the answer tells nobody whether an address has an
// account) but mails nothing; the refusal is logged.
var (
	// resetAddrPolicy: 20 requests per client address (IPv4 address or
	// IPv6 /64) an hour, for known and unknown addresses alike.
	resetAddrPolicy = Policy{Free: 20, Base: time.Hour, Max: time.Hour, Decay: time.Hour}
	// resetUserPolicy: 3 reset mails per account an hour, however many
	// addresses ask, so nobody can flood a mailbox with them.
	resetUserPolicy = Policy{Free: 3, Base: time.Hour, Max: time.Hour, Decay: time.Hour}
)

func resetAddrKey(ip string) string     { return "reset-ip:" + addrBlock(ip) }
func resetUserKey(userID string) string { return "reset-user:" + userID }

// resetWorkTimeout bounds the work a reset request does after its answer.
const resetWorkTimeout = time.Minute

// maxResetsInFlight bounds the requests whose work runs after their
// answer; further requests wait for one of them to finish before they are
// answered.
const maxResetsInFlight = 16

var errResetInvalid = fieldErrorf(CodeResetTokenInvalid, "token",
	"this reset link is unknown, was already used or replaced by a newer one, or has expired "+
		"(links work once, within %s); ask for a new one", Span(PasswordResetTTL))

// RequestPasswordReset is "Forgot password?": it mails a single-use link
// that sets a new password, valid for PasswordResetTTL, to the account
// with this address, if there is one. The answer is the same for every
// address, and so is the work done before it: only an empty email is
// refused (bad-request); any other string is counted against the client
// address's limit and answered nil. Whether an account has the address
// is looked up after the answer, in the background: the lookup, the
// account's limit, the link and its mail (through the outbox) never delay
// the answer, so its timing does not tell whether the address has an
// account either. Requests over a limit mail nothing and are logged.
func (s *Service) RequestPasswordReset(ctx context.Context, email string, meta ClientMeta) error {
	if strings.TrimSpace(email) == "" {
		return badRequest("email", "is required")
	}
	if meta.IP != "" {
		addr := s.policyGuard(resetAddrPolicy, resetAddrKey)
		_, err := addr.attempt(ctx, meta.IP, s.clock(), func() (verdict, error) { return used, nil })
		if e, ok := AsError(err); ok && e.Code == CodeTooManyAttempts {
			s.log.Warn("password reset not mailed: too many requests from this client address",
				"ip", meta.IP, "retryAfter", e.RetryAfter)
			return nil
		}
		if err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
	}
	if err := s.startReset(ctx); err != nil {
		return fmt.Errorf("password reset: %w", err)
	}
	go func() {
		defer s.endReset()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), resetWorkTimeout)
		defer cancel()
		s.mailResetTo(ctx, foldEmail(email), meta)
	}()
	return nil
}

// mailResetTo is the work of RequestPasswordReset after its answer: it
// mails a reset link to the account with the (folded) address email,
// within the account's limit. It only logs what it finds, since nobody
// waits for it.
func (s *Service) mailResetTo(ctx context.Context, email string, meta ClientMeta) {
	u, err := s.store.UserByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		// Recorded with no account, as a login with an unknown address
		// is: a database write here too, so that the work that follows
		// an answer, which later answers may wait behind, is alike for
		// every address.
		s.event(ctx, "", EventPasswordResetRequested, meta, "unknown address")
		return
	}
	if err != nil {
		s.log.Error("password reset not mailed: account not read", "ip", meta.IP, "err", err)
		return
	}
	user := s.policyGuard(resetUserPolicy, resetUserKey)
	_, err = user.attempt(ctx, u.ID, s.clock(), func() (verdict, error) {
		if err := s.mailResetLink(ctx, u.ID, email, meta, ""); err != nil {
			return unchecked, err // nothing was mailed: the count goes back
		}
		return used, nil
	})
	if e, ok := AsError(err); ok && e.Code == CodeTooManyAttempts {
		s.log.Warn("password reset not mailed: too many reset mails for this account",
			"user", u.ID, "ip", meta.IP, "retryAfter", e.RetryAfter)
		return
	}
	if err != nil {
		s.log.Error("password reset not mailed", "user", u.ID, "ip", meta.IP, "err", err)
	}
}

// SendPasswordReset mails a reset link to the account userID, as "Forgot
// password?" does, at an administrator's request: it closes the account's
// earlier links, records the request and queues the mail in one
// transaction; the audit event names the administrator (op). The
// account's reset limit does not apply. It answers not-found when there is
// no such account.
func (s *Service) SendPasswordReset(ctx context.Context, userID string, op *Operator) error {
	err := s.mailResetLink(ctx, userID, "", op.meta, op.by())
	if errors.Is(err, ErrNotFound) {
		return fieldErrorf(CodeNotFound, "id", "no account has this id")
	}
	return err
}

// mailResetLink stores a new reset link for the account userID, closing
// its earlier ones, records the request (detail names who asked, "" for
// the account's owner) and queues the mail with the link, all in one
// transaction. With email set, the account must still have that address
// (it may have changed since it was looked up); otherwise nothing is
// mailed and ErrNotFound is returned.
func (s *Service) mailResetLink(ctx context.Context, userID, email string, meta ClientMeta, detail string) error {
	token, err := newToken(s.rand)
	if err != nil {
		return fmt.Errorf("password reset: %w", err)
	}
	return s.atomically(ctx, func(st Store) error {
		// The link is stored first: that locks the account's row (on
		// PostgreSQL), so the address read next is the one an address
		// change committing meanwhile left, and such a change, which
		// closes open links, cannot slip between the read and the link.
		now := s.clock()
		r := &PasswordReset{TokenHash: hashToken(token), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(PasswordResetTTL)}
		if err := st.CreatePasswordReset(ctx, r); err != nil {
			return fmt.Errorf("password reset: store link: %w", err)
		}
		u, err := st.UserByID(ctx, userID)
		if err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		if email != "" && u.Email != email {
			return fmt.Errorf("password reset: the account's address changed meanwhile: %w", ErrNotFound)
		}
		if err := s.record(ctx, st, u.ID, EventPasswordResetRequested, meta, detail); err != nil {
			return err
		}
		p := mailPrinter(u)
		msg := Message{
			To:      u.Email,
			Subject: p.T("Reset your %s password", s.cfg().Issuer),
			Text: p.T("Hello %[1]s,\n\n%[2]s To choose a new password, open this link within %[3]s:\n\n    %[4]s\n\n"+
				"The link works once, and only until a newer one is sent. A new password does not turn off "+
				"two-factor authentication: if the account has it, logging in still asks for your second factor.\n\n"+
				"If you did not ask for this, ignore this mail: your password stays as it is.\n",
				u.Name, resetAsker(p, s.cfg().Issuer, detail != "", meta.IP), HumanDurationIn(p, PasswordResetTTL), s.resetLink(token)),
		}
		// Like a code, the link is worthless once it has expired.
		return s.enqueueMail(ctx, st, MailCode, msg, r.ExpiresAt, nil)
	})
}

// resetLink is the page that takes a reset token.
func (s *Service) resetLink(token string) string {
	return s.cfg().BaseURL + "/password/reset?token=" + url.QueryEscape(token)
}

// CheckPasswordReset tells whether token names an open reset link (nil)
// or not (reset-token-invalid), changing nothing: the reset page asks
// before it shows its form.
func (s *Service) CheckPasswordReset(ctx context.Context, token string) error {
	_, _, err := s.openReset(ctx, token)
	return err
}

// openReset returns the open reset link token names and its account.
func (s *Service) openReset(ctx context.Context, token string) (*PasswordReset, *User, error) {
	if token == "" {
		return nil, nil, badRequest("token", "is required")
	}
	r, err := s.store.PasswordResetByHash(ctx, hashToken(token), s.clock())
	if errors.Is(err, ErrNotFound) {
		return nil, nil, errResetInvalid
	}
	if err != nil {
		return nil, nil, fmt.Errorf("password reset: %w", err)
	}
	u, err := s.store.UserByID(ctx, r.UserID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, errResetInvalid
	}
	if err != nil {
		return nil, nil, fmt.Errorf("password reset: %w", err)
	}
	return r, u, nil
}

// ResetPassword sets a new password with the token of a reset link. The
// password must pass the same rules as at sign-up. In one transaction it
// uses up the link (so a link sent twice at once works once), sets the
// password, ends every session of the account and its apps' sign-ins,
// forgets its trusted devices, ends its open logins, mailed codes and
// other reset links, records the reset and queues a notice to the
// account's address. It never signs anyone in, and leaves the second
// factors as they are: the next login still asks for one.
func (s *Service) ResetPassword(ctx context.Context, token, password string, meta ClientMeta) error {
	r, u, err := s.openReset(ctx, token)
	if err != nil {
		return err
	}
	if err := validatePassword("password", password, u.Email); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return hashFailed("reset password", err)
	}
	return s.atomically(ctx, func(st Store) error {
		now := s.clock()
		used, err := st.UsePasswordReset(ctx, r.TokenHash, now)
		if errors.Is(err, ErrNotFound) {
			return errResetInvalid
		}
		if err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		// The account as it is now, for the notice's address.
		if u, err = st.UserByID(ctx, used.UserID); err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		if err := st.SetPassword(ctx, u.ID, hash, now); err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		if err := st.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return fmt.Errorf("reset password: end sessions: %w", err)
		}
		if err := s.signOutApps(ctx, st, u.ID); err != nil {
			return err
		}
		return s.setupChanged(ctx, st, u, meta, "password reset", EventPasswordReset, func(tr *i18n.Printer) notice {
			return notice{tr.T("Your password was reset"), resetDoneBody(tr, meta.IP)}
		})
	})
}

// policyGuard is the limit of policy on the records key names.
func (s *Service) policyGuard(p Policy, key func(string) string) guard {
	return guard{limits: limiter{store: s.store}, policy: p, key: key}
}

// startReset takes a slot for the work of one reset request, waiting for
// one while maxResetsInFlight are taken, and counts the work so that Close
// waits for it. It fails once Close has been called.
func (s *Service) startReset(ctx context.Context) error {
	select {
	case s.resetSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	select {
	case <-s.closed:
		<-s.resetSlots
		return errors.New("the server is shutting down; ask again in a moment")
	default:
	}
	s.resets.Add(1)
	return nil
}

// endReset gives back what startReset took.
func (s *Service) endReset() {
	<-s.resetSlots
	s.resets.Done()
}

// resetAsker is the sentence of a reset mail that tells who asked: someone
// or an administrator, from ip when known.
func resetAsker(p *i18n.Printer, issuer string, admin bool, ip string) string {
	switch {
	case admin && ip != "":
		return p.T("An administrator asked (from %[2]s) to reset the password of your %[1]s account.", issuer, ip)
	case admin:
		return p.T("An administrator asked to reset the password of your %[1]s account.", issuer)
	case ip != "":
		return p.T("Someone asked (from %[2]s) to reset the password of your %[1]s account.", issuer, ip)
	}
	return p.T("Someone asked to reset the password of your %[1]s account.", issuer)
}

// resetDoneBody is the body of the notice of a password reset, made from
// ip when known.
func resetDoneBody(tr *i18n.Printer, ip string) string {
	if ip != "" {
		return tr.T("The password of your account was reset with a link mailed to this address (from %s). "+
			"Every session was signed out, apps were signed out and trusted devices forgotten. "+
			"Two-factor authentication is as it was: if the account has it, logging in still asks for your second factor.\n\n"+
			"If this was not you, someone can read your mail: secure your mailbox first, then use "+
			"\"Forgot password?\" on the login page to choose a new password.", ip)
	}
	return tr.T("The password of your account was reset with a link mailed to this address. " +
		"Every session was signed out, apps were signed out and trusted devices forgotten. " +
		"Two-factor authentication is as it was: if the account has it, logging in still asks for your second factor.\n\n" +
		"If this was not you, someone can read your mail: secure your mailbox first, then use " +
		"\"Forgot password?\" on the login page to choose a new password.")
}
