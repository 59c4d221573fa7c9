package core

import (
	"context"
	"fmt"
	"math"
	"net/netip"
	"time"
)

// Policy is a guessing limit: Free attempts, then a lock after every further
// one, starting at Base and doubling up to Max. With Decay set, a record
// left alone that long starts over; without it, only a success (Reset) does.
type Policy struct {
	Free  int
	Base  time.Duration
	Max   time.Duration
	Decay time.Duration
}

// LockAfter returns how long the n-th counted attempt locks the key.
func (p Policy) LockAfter(n int) time.Duration {
	if n < p.Free {
		return 0
	}
	d := p.Base
	for i := p.Free; i < n && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// MaxAttempts returns the most attempts one client can make against one key
// in the period, when it tries again the moment each lock ends and never
// succeeds (so only a Decay can start the record over). With a Decay no
// longer than the longest lock, the record starts over whenever a lock
// outlasts it, and the figure grows accordingly. A policy that never
// locks (no Base) has no bound: MaxAttempts returns math.MaxInt.
func (p Policy) MaxAttempts(period time.Duration) int {
	if p.Base <= 0 {
		return math.MaxInt
	}
	var elapsed, last time.Duration
	n, failures := 0, 0
	for {
		if p.Decay > 0 && n > 0 && elapsed-last >= p.Decay {
			failures = 0
		}
		n++ // an attempt at time elapsed
		failures++
		last = elapsed
		lock := p.LockAfter(failures)
		if lock == 0 {
			continue
		}
		if elapsed+lock >= period {
			return n
		}
		elapsed += lock
	}
}

// limiter applies Policies to records in the Store. It counts an attempt
// before the caller checks it (charge, then check), so concurrent attempts
// cannot slip past the limit; a success then clears the record.
type limiter struct {
	store Store
	// held is set when store is a transaction: each record is then held
	// (Store.HoldThrottle) while its attempt is checked, so the attempt
	// is counted only when it fails, and nothing is written for a success
	// the record does not need to know of.
	held bool
}

// charged is one attempt counted by charge: the record before and after.
type charged struct {
	before, after Throttle
}

// charge counts one attempt against key. It returns a too-many-attempts
// error while the key is locked, and otherwise the record before and after
// the attempt.
func (l limiter) charge(ctx context.Context, key string, p Policy, now time.Time) (charged, error) {
	for range 100 {
		old, err := l.store.Throttle(ctx, key)
		if err != nil {
			return charged{}, fmt.Errorf("read limit %s: %w", key, err)
		}
		if now.Before(old.LockedUntil) {
			return charged{}, tooMany(old.LockedUntil.Sub(now))
		}
		next := p.failed(old, now)
		ok, err := l.store.SwapThrottle(ctx, old, next)
		if err != nil {
			return charged{}, fmt.Errorf("update limit %s: %w", key, err)
		}
		if ok {
			return charged{before: old, after: next}, nil
		}
	}
	return charged{}, fmt.Errorf("update limit %s: too much contention", key)
}

// failed returns the record old becomes with one more failure at now.
func (p Policy) failed(old Throttle, now time.Time) Throttle {
	failures := old.Failures
	if p.Decay > 0 && !old.LastFailure.IsZero() && now.Sub(old.LastFailure) >= p.Decay {
		failures = 0
	}
	next := Throttle{Key: old.Key, Failures: failures + 1, LastFailure: now}
	if lock := p.LockAfter(next.Failures); lock > 0 {
		next.LockedUntil = now.Add(lock)
	}
	next.Version = old.Version + 1
	return next
}

// check returns a too-many-attempts error while key is locked, without
// counting anything.
func (l limiter) check(ctx context.Context, key string, now time.Time) error {
	t, err := l.store.Throttle(ctx, key)
	if err != nil {
		return fmt.Errorf("read limit %s: %w", key, err)
	}
	if now.Before(t.LockedUntil) {
		return tooMany(t.LockedUntil.Sub(now))
	}
	return nil
}

// refund takes back the attempt c counted against key, for a check that
// cleared nothing (a success that proves no second factor) or checked
// nothing (the hasher was busy). When no other attempt changed the record
// since, it returns to exactly what it was: count, lock and decay clock.
// Otherwise it takes one attempt off, as takeBack does.
func (l limiter) refund(ctx context.Context, key string, p Policy, c charged) error {
	ok, err := l.store.SwapThrottle(ctx, c.after, c.before)
	if err != nil {
		return fmt.Errorf("update limit %s: %w", key, err)
	}
	if ok {
		return nil
	}
	return l.takeBack(ctx, key, p)
}

// takeBack takes one attempt off the record for key, and lifts its lock
// once the count falls below the free attempts. A record with no attempts
// is left alone.
func (l limiter) takeBack(ctx context.Context, key string, p Policy) error {
	for range 100 {
		old, err := l.store.Throttle(ctx, key)
		if err != nil {
			return fmt.Errorf("read limit %s: %w", key, err)
		}
		if old.Failures == 0 {
			return nil
		}
		next := old
		next.Failures--
		if next.Failures < p.Free {
			next.LockedUntil = time.Time{}
		}
		ok, err := l.store.SwapThrottle(ctx, old, next)
		if err != nil {
			return fmt.Errorf("update limit %s: %w", key, err)
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("update limit %s: too much contention", key)
}

func (l limiter) reset(ctx context.Context, key string) error {
	if err := l.store.ResetThrottle(ctx, key); err != nil {
		return fmt.Errorf("reset limit %s: %w", key, err)
	}
	return nil
}

// Limit keys. Password failures of logins are limited per client address
// (or per known device, for a login from a known device of the account),
// so that a stranger without the password cannot lock the owner out.
// Second-factor guesses and code mails are limited per requester: an
// account and one of its known devices, or the account and "every unknown
// device" (see requester).
func secondFactorKey(requester string) string { return "2fa:" + requester }
func loginAddrKey(ip string) string           { return "login-ip:" + addrBlock(ip) }
func loginDeviceKey(deviceID string) string   { return "login-device:" + deviceID }
func signupAddrKey(ip string) string          { return "signup-ip:" + addrBlock(ip) }
func mailAddrKey(ip string) string            { return "mail-ip:" + addrBlock(ip) }
func mailUserKey(requester string) string     { return "mail-user:" + requester }
func mailSessionsKey(userID string) string    { return "mail-sessions:" + userID }
func emailConfirmKey(sessionHash string) string {
	return "email-confirm:" + sessionHash
}

// unknownDevice names, in limit keys, every client of an account that is
// not one of its known devices.
const unknownDevice = "unknown"

// requester names who asks, for the limits kept per account and
// requester: the account and its known device deviceID, or the account and
// all its unknown devices together when deviceID is "".
func requester(userID, deviceID string) string {
	if deviceID == "" {
		deviceID = unknownDevice
	}
	return userID + ":" + deviceID
}

// sessionFactorKey names the guessing record of one signed-in session, for
// the second-factor guesses it makes (step-up proofs, current passwords,
// codes of an app being enrolled): each session has a record of its own,
// apart from the device it signed in on, so a stolen session that guesses
// wrong locks itself and never the owner's logins from that device. Only a
// whole login makes a session, so nobody can mint such records to guess
// more; Cleanup forgets a record once its session must have ended.
func sessionFactorKey(sessionID string) string { return "2fa-session:" + sessionID }

// addrBlock is the unit per-address limits count: an IPv4 address, or the
// /64 network of an IPv6 address, since one subscriber usually holds a
// whole /64 and could otherwise step through its addresses.
func addrBlock(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
