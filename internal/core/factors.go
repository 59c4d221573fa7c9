package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/codes"
	"github.com/twofa-dev/twofa/internal/i18n"
	"github.com/twofa-dev/twofa/internal/totp"
)

// Second-factor methods, as clients name them.
const (
	MethodTOTP     = "totp"
	MethodEmail    = "email"
	MethodRecovery = "recovery"
	// MethodPassword proves a sensitive action only when the account has no
	// second factor left.
	MethodPassword = "password"
)

// methods lists the second factors u can present now, and the one to offer
// first: a security key when the account has one, else TOTP when enabled,
// else email. A method the settings no longer
// allow is left out when the account has the other (see Config.usable).
func (s *Service) methods(ctx context.Context, u *User) (all []string, preferred string, err error) {
	totp, email := s.cfg().usable(u)
	// The store keeps SecurityKeys in step with the account's keys, read
	// with the account itself: no list of keys is read here.
	if u.SecurityKeys > 0 { // offered first: it cannot be phished
		all = append(all, MethodWebAuthn)
	}
	if totp {
		all = append(all, MethodTOTP)
	}
	if email {
		all = append(all, MethodEmail)
	}
	left, err := s.store.RecoveryCodesLeft(ctx, u.ID)
	if err != nil {
		return nil, "", fmt.Errorf("count recovery codes: %w", err)
	}
	if left > 0 && len(all) > 0 {
		all = append(all, MethodRecovery)
	}
	if len(all) > 0 {
		preferred = all[0]
	}
	return all, preferred, nil
}

// verifyFactor checks one second-factor answer under g's guessing record
// for subject (a login's requester, or a session). The attempt is counted
// before the check, so parallel requests cannot exceed the limit, and a
// success clears the count. emailPurpose names which mailed code the
// answer must match.
func (s *Service) verifyFactor(ctx context.Context, u *User, g guard, subject string, allowed []string, method, code, emailPurpose string, meta ClientMeta) error {
	if method == "" {
		return badRequest("method", "is required (one of %v)", allowed)
	}
	if !slices.Contains(allowed, method) {
		return fieldErrorf(CodeMethodUnavailable, "method", "%q is not available for this account (use one of %v)", method, allowed)
	}
	code, err := normalizeCode(method, code)
	if err != nil {
		return err
	}
	// Only a real second factor clears the count: a password proves
	// nothing an attacker with a stolen session and the password lacks.
	clears := method != MethodPassword
	return s.guarded(ctx, g, subject, u, method, clears, meta, func(now time.Time) (bool, reason, error) {
		if method == MethodWebAuthn { // a signature for the ceremony begun for emailPurpose
			return s.checkWebAuthn(ctx, u, code, emailPurpose, meta)
		}
		ok, why, err := s.checkFactor(ctx, u, method, code, emailPurpose, now)
		if ok && err == nil && method == MethodRecovery {
			s.recoveryCodeUsed(ctx, u, meta)
		}
		return ok, why, err
	})
}

// guarded runs one check of something the user typed (a code, or the
// password of a signed-in session) under g's record for subject. A success
// clears the record only when clears is set, that is when it proved what g
// guards; otherwise (a right password, a code for an app being enrolled)
// it only takes its own attempt back, or an attacker could reset the limit
// between guesses. A busy hasher counts nothing. A failure is audited, the
// owner is mailed when it sets the first lock, and the answer is
// 2fa-invalid with the attempts left before the next lock.
func (s *Service) guarded(ctx context.Context, g guard, subject string, u *User, what string, clears bool, meta ClientMeta, check func(now time.Time) (ok bool, why reason, err error)) error {
	if what == MethodPassword && s.hasher.Saturated() { // no database work under a flood
		return errBusy()
	}
	now := s.clock()
	var why reason
	var good bool
	c, err := g.attempt(ctx, subject, now, func() (verdict, error) {
		ok, w, err := check(now)
		why, good = w, ok
		switch {
		case isBusy(err): // nothing was checked, so nothing is counted
			return unchecked, err
		case err != nil:
			return used, err
		case !ok:
			return wrong, nil
		case clears:
			return proved, nil
		}
		return noProof, nil
	})
	if err != nil || good {
		return err
	}
	left := max(g.policy.Free-c.after.Failures, 0)
	s.event(ctx, u.ID, EventSecondFactorFailed, meta, what)
	if c.after.Failures == g.policy.Free {
		s.event(ctx, u.ID, EventAccountLocked, meta, c.after.LockedUntil.Sub(now).String())
		unknown := strings.HasSuffix(subject, ":"+unknownDevice)
		s.notify(ctx, u, func(tr *i18n.Printer) notice {
			return notice{tr.T("Code entry on one of your devices is locked"), lockedBody(tr, unknown, c.after.Failures, meta.IP, c.after.LockedUntil)}
		})
	}
	return invalidCode(why, &left)
}

// lockedBody is the body of the notice of a lock on code entry: failures
// wrong tries from ip, an unknown device or a known one (a device or
// session that has signed in to the account), locked until until.
//
// The mail shows minutes, so until is rounded up to the next whole minute:
// a person who waits until the time shown finds the lock over.
func lockedBody(tr *i18n.Printer, unknown bool, failures int, ip string, until time.Time) string {
	if r := until.Truncate(time.Minute); r.Before(until) {
		until = r.Add(time.Minute)
	}
	if unknown {
		return tr.T("Someone entered %[1]d wrong codes or passwords for your account from a device that has not signed in to your account before (%[2]s), "+
			"so we locked code entry there until %[3]s; your other devices are not affected.\n\n"+
			"If this was not you, they may know your password: change it as soon as you can sign in.",
			failures, ip, tr.DateTime(until))
	}
	return tr.T("Someone entered %[1]d wrong codes or passwords for your account from a device or session that has signed in to your account (%[2]s), "+
		"so we locked code entry there until %[3]s; your other devices are not affected.\n\n"+
		"If this was not you, they may know your password: change it as soon as you can sign in.",
		failures, ip, tr.DateTime(until))
}

func normalizeCode(method, code string) (string, error) {
	switch method {
	case MethodTOTP:
		c, ok := codes.NormalizeDigits(code, 6)
		if !ok {
			return "", badRequest("code", "must be the 6 digits your authenticator app shows")
		}
		return c, nil
	case MethodEmail:
		c, ok := codes.NormalizeDigits(code, 6)
		if !ok {
			return "", badRequest("code", "must be the 6-digit code from the email (like 123-456)")
		}
		return c, nil
	case MethodRecovery:
		c, ok := codes.NormalizeRecoveryCode(code)
		if !ok {
			return "", badRequest("code", "must be a recovery code like abcde-fghij")
		}
		return c, nil
	case MethodPassword:
		if code == "" {
			return "", badRequest("code", "must be your current password")
		}
		return code, nil
	case MethodWebAuthn:
		_, err := parseAssertion("code", code)
		return code, err
	}
	return "", badRequest("method", "%q is not a method (use webauthn, totp, email, recovery or password)", method)
}

// checkFactor does the check itself. Every accepting path consumes what it
// accepted in one atomic store operation.
func (s *Service) checkFactor(ctx context.Context, u *User, method, code, emailPurpose string, now time.Time) (ok bool, why reason, err error) {
	switch method {
	case MethodTOTP:
		return s.checkTOTP(ctx, u, code, now)
	case MethodEmail:
		return s.checkEmailCode(ctx, u, emailPurpose, code, now)
	case MethodRecovery:
		used, err := s.store.UseRecoveryCode(ctx, u.ID, s.recoveryHash(u.ID, code), now)
		if err != nil {
			return false, reason{}, fmt.Errorf("use recovery code: %w", err)
		}
		if !used {
			return false, because("that is not an unused recovery code of this account"), nil
		}
		return true, reason{}, nil
	case MethodPassword:
		good, err := s.hasher.Verify(ctx, u.PasswordHash, code)
		if err != nil {
			return false, reason{}, hashFailed("verify password", err)
		}
		return good, because("wrong password"), nil
	}
	return false, reason{}, fmt.Errorf("check factor: unknown method %q", method)
}

func (s *Service) checkTOTP(ctx context.Context, u *User, code string, now time.Time) (bool, reason, error) {
	sec, err := s.keys.Open(u.TOTPSecret, []byte(u.ID))
	if err != nil {
		return false, reason{}, fmt.Errorf("open TOTP secret of %s: %w", u.ID, err)
	}
	step, ok, err := totp.Match(string(sec), code, now, s.cfg().TOTPSkew)
	if err != nil {
		return false, reason{}, fmt.Errorf("check TOTP code: %w", err)
	}
	if !ok {
		return false, because("wrong code; check that your device's clock is right and enter the code now shown"), nil
	}
	fresh, err := s.useTOTPStep(ctx, s.store, u, step, now)
	if err != nil {
		return false, reason{}, err
	}
	if !fresh {
		return false, because("this code was already used; wait for the next code in your app"), nil
	}
	return true, reason{}, nil
}

func (s *Service) checkEmailCode(ctx context.Context, u *User, purpose, code string, now time.Time) (bool, reason, error) {
	c, err := s.store.LatestEmailCode(ctx, u.ID, purpose)
	if errors.Is(err, ErrNotFound) {
		return false, because("no email code was sent for this; ask for one first"), nil
	}
	if err != nil {
		return false, reason{}, fmt.Errorf("find email code: %w", err)
	}
	switch {
	case !c.UsedAt.IsZero():
		return false, because("this email code was already used; ask for a new one"), nil
	case !now.Before(c.ExpiresAt):
		return false, because("this email code has expired; ask for a new one"), nil
	case c.Attempts >= s.cfg().EmailCodeAttempts:
		return false, because("too many wrong tries for this email code; ask for a new one"), nil
	}
	used, err := s.store.ConsumeEmailCode(ctx, c.ID, s.emailCodeHash(purpose, code), s.cfg().EmailCodeAttempts, now)
	if err != nil {
		return false, reason{}, fmt.Errorf("use email code: %w", err)
	}
	if used {
		if c.Target == "" || c.Target == u.Email {
			// The address reached its owner: apps may rely on it.
			if _, err := s.store.SetEmailVerified(ctx, u.ID, u.Email, now); err != nil {
				s.log.Warn("email not marked verified", "err", err)
			}
		}
		return true, reason{}, nil
	}
	if _, err := s.store.AddEmailCodeAttempt(ctx, c.ID); err != nil {
		return false, reason{}, fmt.Errorf("count email code attempt: %w", err)
	}
	return false, because("wrong email code"), nil
}

func (s *Service) recoveryHash(userID, normalized string) []byte {
	return s.mac.Sum("recovery:"+userID, normalized)
}

func (s *Service) emailCodeHash(purpose, code string) []byte {
	return s.mac.Sum("email-code:"+purpose, code)
}
