package core_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestSecondStepIsOneTransaction fails each write of a login's second step
// in turn (the guessing limit after a wrong code, the TOTP step, the
// challenge, the session, the device trust, the audit event) and checks
// that each failure leaves nothing behind: the same code then completes
// the same challenge. On both stores.
func TestSecondStepIsOneTransaction(t *testing.T) {
	const who = "one-tx@example.com"
	ctx := context.Background()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			fs := &faultStore{}
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"},
				Rig: b.new(t, func(s core.Store) core.Store { fs.Store = s; return fs })}
			u := r.signUp(who)
			sec, _ := r.enableTOTP(r.session(who))
			r.Clock.Advance(30 * time.Second)
			// One wrong code first, so that the right one clears a record.
			ch := r.login(who)
			_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: "000000"}, r.meta)
			if errCode(err) != core.CodeTwoFactorInvalid {
				t.Fatalf("wrong code: %v, want %s", err, core.CodeTwoFactorInvalid)
			}
			step := core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP,
				Code: coretest.TOTPCode(t, sec, r.Clock.Now()), RememberDevice: true}
			before := loginState(t, r, u.ID, ch.Token)
			for failAt := 1; ; failAt++ {
				if failAt > 20 {
					t.Fatal("the second step never went through")
				}
				fs.failAt, fs.writes = failAt, 0
				sess, err := r.Svc.CompleteLogin(ctx, step, r.meta)
				if errors.Is(err, errInjected) {
					if after := loginState(t, r, u.ID, ch.Token); after != before {
						t.Fatalf("a failure at write %d left a half-done login: %+v, was %+v", failAt, after, before)
					}
					continue
				}
				if err != nil || sess == nil || sess.DeviceToken == "" {
					t.Fatalf("with a failure at write %d: %v, %+v", failAt, err, sess)
				}
				if failAt < 6 {
					t.Fatalf("the second step made %d writes in its transaction, want the limit, TOTP step, challenge, session, device and event", failAt-1)
				}
				t.Logf("%d writes in one transaction", failAt-1)
				break
			}
			if after := loginState(t, r, u.ID, ch.Token); after == before {
				t.Fatal("the second step went through and changed nothing")
			}
		})
	}
}

// loginSnapshot is what a login's second step changes.
type loginSnapshot struct {
	lastStep      int64
	driftRecent   string
	challengeLive bool
	sessions      int
	devices       int
	logins        int
	limitFailures int
}

func loginState(t *testing.T, r *rig, userID, challenge string) loginSnapshot {
	t.Helper()
	ctx := context.Background()
	u, err := r.Store.UserByID(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	s := loginSnapshot{lastStep: u.TOTPLastStep, driftRecent: u.TOTPDrift.Recent}
	c, err := r.Store.ChallengeByHash(ctx, tokenHash(challenge))
	s.challengeLive = err == nil && c.UsedAt.IsZero()
	sessions, err := r.Store.UserSessions(ctx, userID, r.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.sessions = len(sessions)
	devices, err := r.Store.TrustedDevices(ctx, userID, r.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.devices = len(devices)
	events, err := r.Store.Events(ctx, userID, core.EventCursor{}, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Type == core.EventLogin {
			s.logins++
		}
	}
	th, err := r.Store.Throttle(ctx, "2fa:"+userID+":unknown")
	if err != nil {
		t.Fatal(err)
	}
	s.limitFailures = th.Failures
	return s
}

// throttleWrites counts the writes of guessing-limit records, in and out
// of transactions.
type throttleWrites struct {
	core.Store
	n *int
}

func (w throttleWrites) InTx(ctx context.Context, fn func(core.Store) error) error {
	return w.Store.InTx(ctx, func(tx core.Store) error { return fn(throttleWrites{tx, w.n}) })
}
func (w throttleWrites) SwapThrottle(ctx context.Context, old, next core.Throttle) (bool, error) {
	*w.n++
	return w.Store.SwapThrottle(ctx, old, next)
}
func (w throttleWrites) ResetThrottle(ctx context.Context, key string) error {
	*w.n++
	return w.Store.ResetThrottle(ctx, key)
}

// TestSecondStepWritesNoLimitRecord: a right code with no wrong one before
// it writes no guessing-limit record; after a wrong one, the wrong one is
// counted (one write) and the right one clears it (one more).
func TestSecondStepWritesNoLimitRecord(t *testing.T) {
	const who = "no-limit-write@example.com"
	ctx := context.Background()
	var writes int
	r := newRigWith(t, func(s core.Store) core.Store { return throttleWrites{s, &writes} })
	u := r.signUp(who)
	sec, _ := r.enableTOTP(r.session(who))
	r.Clock.Advance(30 * time.Second)
	ch := r.login(who)
	writes = 0
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP,
		Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
		t.Fatal(err)
	}
	if writes != 0 {
		t.Errorf("a right code with no failure before it wrote %d limit records, want none", writes)
	}
	r.Clock.Advance(30 * time.Second)
	ch = r.login(who)
	writes = 0
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: "000000"}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("wrong code: %v", err)
	}
	if th := loginState(t, r, u.ID, ch.Token).limitFailures; writes != 1 || th != 1 {
		t.Errorf("a wrong code wrote %d limit records and left %d failures, want 1 and 1", writes, th)
	}
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP,
		Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
		t.Fatal(err)
	}
	if th := loginState(t, r, u.ID, ch.Token).limitFailures; writes != 2 || th != 0 {
		t.Errorf("after a wrong code then a right one, %d limit writes and %d failures left, want 2 and 0", writes, th)
	}
}

// TestSecondStepBurstIsLimited: wrong codes sent in parallel, each on a
// challenge of its own, are checked one after another under the account's
// guessing record, so no more than the free attempts are evaluated and the
// rest are refused as too many. On both stores: on PostgreSQL the
// transactions run side by side, and only holding the record keeps them
// from all reading it before any of them counts.
func TestSecondStepBurstIsLimited(t *testing.T) {
	const who, attempts = "second-burst@example.com", 30
	ctx := context.Background()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}, Rig: b.new(t, nil)}
			r.signUp(who)
			r.enableTOTP(r.session(who))
			challenges := make([]string, attempts)
			for i := range challenges {
				challenges[i] = r.login(who).Token
			}
			evaluated, limited := burst(t, attempts, core.CodeTwoFactorInvalid, func(i int) error {
				_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: challenges[i], Method: core.MethodTOTP, Code: "000000"}, r.meta)
				return err
			})
			free := core.DefaultConfig().SecondFactorLimit.Free
			if evaluated != free || limited != attempts-free {
				t.Fatalf("%d wrong codes evaluated and %d limited; want %d and %d", evaluated, limited, free, attempts-free)
			}
		})
	}
}
