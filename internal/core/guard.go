package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// verdict is what a guarded check found, and so what becomes of the attempt
// the guard counted before it.
type verdict int

const (
	// wrong: a failed guess. The attempt stays counted.
	wrong verdict = iota
	// used: a success of a limit that counts uses (sign-ups, mails), or a
	// check that failed in a way that may have evaluated the guess. The
	// attempt stays counted.
	used
	// proved: a success that proves what the limit guards (a second
	// factor the owner holds). The record is cleared.
	proved
	// noProof: a success that proves nothing the limit guards (a right
	// password, a code for a new address): only its own attempt is taken
	// back, so it cannot reset the limit between an attacker's guesses.
	noProof
	// unchecked: nothing was checked (the hasher was busy, a nested limit
	// refused, bad input). The attempt is taken back.
	unchecked
)

// guard is one limit: a Policy and the key of its records. Every limited
// operation goes through attempt, which charges before the check (so
// parallel requests cannot pass the limit) and settles by the check's
// verdict; nothing else charges, clears or refunds, but for the sender
// taking back the charge of a mail it could never deliver
// (takeBackCodeMail).
type guard struct {
	limits limiter
	policy Policy
	// key names the record of one subject (an address, an account and
	// device, ...).
	key func(subject string) string
}

// attempt charges one attempt against subject's record, runs check unless
// the record is locked (then it answers too-many-attempts), and settles the
// attempt by the verdict. It returns the charge (for the attempts left and
// whether this attempt set a lock) and the check's error.
func (g guard) attempt(ctx context.Context, subject string, now time.Time, check func() (verdict, error)) (charged, error) {
	if g.limits.held {
		return g.attemptHeld(ctx, subject, now, check)
	}
	key := g.key(subject)
	c, err := g.limits.charge(ctx, key, g.policy, now)
	if err != nil {
		return charged{}, err
	}
	v, cerr := check()
	switch v {
	case proved:
		if err := g.limits.reset(ctx, key); err != nil {
			return c, err
		}
	case noProof, unchecked:
		if err := g.limits.refund(ctx, key, g.policy, c); err != nil {
			return c, err
		}
	}
	return c, cerr
}

// attemptHeld is attempt within a transaction: it holds subject's record
// (Store.HoldThrottle) so that no other attempt reads or changes it until
// the transaction ends, runs check unless the record is locked, and
// writes the record only when the verdict changes it: a failure is
// counted, a proof clears a record that exists, and anything else leaves
// it as it was. The charge it returns is the record before and after a
// failure, as attempt's is.
func (g guard) attemptHeld(ctx context.Context, subject string, now time.Time, check func() (verdict, error)) (charged, error) {
	key := g.key(subject)
	store := g.limits.store
	old, err := store.HoldThrottle(ctx, key)
	if err != nil {
		return charged{}, fmt.Errorf("read limit %s: %w", key, err)
	}
	if now.Before(old.LockedUntil) {
		return charged{}, tooMany(old.LockedUntil.Sub(now))
	}
	c := charged{before: old, after: g.policy.failed(old, now)}
	v, cerr := check()
	switch v {
	case wrong, used:
		ok, err := store.SwapThrottle(ctx, old, c.after)
		if err == nil && !ok {
			err = errors.New("the record changed while held")
		}
		if err != nil {
			return c, fmt.Errorf("update limit %s: %w", key, err)
		}
	case proved:
		if old.Version != 0 {
			if err := g.limits.reset(ctx, key); err != nil {
				return c, err
			}
		}
	}
	return c, cerr
}

// locked returns a too-many-attempts error while subject's record is
// locked, counting nothing.
func (g guard) locked(ctx context.Context, subject string, now time.Time) error {
	return g.limits.check(ctx, g.key(subject), now)
}

// guards are the Service's limits.
type guards struct {
	// loginAddr limits password logins per client address; loginDevice
	// per known device, for a login that presents a known device of the
	// account it logs in to.
	loginAddr, loginDevice guard
	// signupAddr limits sign-ups per client address.
	signupAddr guard
	// secondFactor limits guesses of second factors at login per account
	// and requester (see requester); sessionFactor those of one signed-in
	// session (step-up proofs, current passwords, enrolment codes).
	secondFactor, sessionFactor guard
	// emailConfirm limits guesses of the code mailed to a new address, per
	// session.
	emailConfirm guard
	// mailAddr and mailUser limit code mails per client address, and per
	// account and asker (see asker); mailSessions the code mails all
	// sessions of one account ask for together, at the per-address rate.
	mailAddr, mailUser, mailSessions guard
}

func newGuards(l limiter, cfg *Config) guards {
	return guards{
		loginAddr:     guard{l, cfg.LoginLimit, loginAddrKey},
		loginDevice:   guard{l, cfg.LoginLimit, loginDeviceKey},
		signupAddr:    guard{l, cfg.SignupLimit, signupAddrKey},
		secondFactor:  guard{l, cfg.SecondFactorLimit, secondFactorKey},
		sessionFactor: guard{l, cfg.SecondFactorLimit, sessionFactorKey},
		emailConfirm:  guard{l, cfg.SecondFactorLimit, emailConfirmKey},
		mailAddr:      guard{l, cfg.MailAddrLimit, mailAddrKey},
		mailUser:      guard{l, cfg.MailUserLimit, mailUserKey},
		mailSessions:  guard{l, cfg.MailAddrLimit, mailSessionsKey},
	}
}
