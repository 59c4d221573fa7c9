package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// phone is an authenticator app whose clock is off by skew: its codes come
// from oathtool, an implementation independent of twofa's.
type phone struct {
	t      *testing.T
	r      *rig
	secret string
	skew   time.Duration
}

// code is the code the phone shows now.
func (ph phone) code() string {
	return coretest.OathtoolCode(ph.t, ph.secret, ph.r.Clock.Now().Add(ph.skew))
}

// totpLogin logs who in with the phone's code, 90 seconds (three time
// steps) after the last code, so that no code is of a step used before
// even when the phone's clock was set in between, and returns the session.
func (r *rig) totpLogin(who string, ph phone) *core.Principal {
	r.t.Helper()
	ctx := context.Background()
	r.Clock.Advance(90 * time.Second)
	ch := r.login(who)
	s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: ph.code()}, r.meta)
	if err != nil {
		r.t.Fatalf("TOTP login with a phone %v off: %v", ph.skew, err)
	}
	p, err := r.Svc.Authenticate(ctx, s.Token)
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

// driftOf is the drift the account page of p shows.
func (r *rig) driftOf(p *core.Principal) *core.ClockDrift {
	r.t.Helper()
	a, err := r.Svc.Account(context.Background(), p)
	if err != nil {
		r.t.Fatal(err)
	}
	return a.ClockDrift
}

// driftList is what ClockDriftAccounts lists, by email.
func (r *rig) driftList() map[string]core.DriftAccount {
	r.t.Helper()
	list, err := r.Svc.ClockDriftAccounts(context.Background(), 0)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]core.DriftAccount{}
	for _, a := range list {
		out[a.Email] = a
	}
	return out
}

// TestClockDriftAhead: a phone whose clock runs 30 seconds ahead makes
// codes of the next time step. They are accepted, and after three logins
// with such codes the account shows its app 30 seconds ahead (fast), and
// so does the administrators' list, until a code on time clears it.
func TestClockDriftAhead(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}, Rig: b.new(t, nil)}
			const who = "fast@example.com"
			r.signUp(who)
			p := r.session(who)
			secret, _ := r.enableTOTP(p)
			fast := phone{t: t, r: r, secret: secret, skew: 30 * time.Second}

			for i := 1; i <= 2; i++ {
				if d := r.driftOf(r.totpLogin(who, fast)); d != nil {
					t.Fatalf("after %d early codes: drift %+v, want none yet", i, d)
				}
			}
			p = r.totpLogin(who, fast)
			found := r.Clock.Now()
			d := r.driftOf(p)
			if d == nil || d.Seconds != 30 || !d.Since.Equal(found) {
				t.Fatalf("after three codes 30 s early: drift %+v, want 30 seconds ahead since %v", d, found)
			}
			listed, ok := r.driftList()[who]
			if !ok || listed.Seconds != 30 || !listed.Since.Equal(found) || listed.UserID != p.User.ID {
				t.Fatalf("ClockDriftAccounts lists %+v (%v), want %s 30 seconds ahead since %v", listed, ok, who, found)
			}

			// Another early code: the same drift, found at the same time.
			if d := r.driftOf(r.totpLogin(who, fast)); d == nil || !d.Since.Equal(found) {
				t.Fatalf("after a fourth early code: drift %+v, want the one found at %v", d, found)
			}
			// The owner sets the phone's clock right.
			onTime := phone{t: t, r: r, secret: secret}
			if d := r.driftOf(r.totpLogin(who, onTime)); d != nil {
				t.Fatalf("after a code on time: drift %+v, want none", d)
			}
			if _, ok := r.driftList()[who]; ok {
				t.Fatal("ClockDriftAccounts still lists the account after a code on time")
			}
		})
	}
}

// TestClockDriftOnTime: codes of a phone whose clock is right report no
// drift, however many.
func TestClockDriftOnTime(t *testing.T) {
	r := newRig(t)
	const who = "ontime@example.com"
	r.signUp(who)
	secret, _ := r.enableTOTP(r.session(who))
	ph := phone{t: t, r: r, secret: secret}
	for i := range 5 {
		if d := r.driftOf(r.totpLogin(who, ph)); d != nil {
			t.Fatalf("after %d codes on time: drift %+v", i+1, d)
		}
	}
	if list := r.driftList(); len(list) != 0 {
		t.Fatalf("ClockDriftAccounts = %v, want none", list)
	}
}

// TestClockDriftBehindStepUp: codes 30 seconds late, given as step-up
// proofs in one session rather than at login, show the app 30 seconds
// behind (slow). Turning TOTP off forgets it; so does setting it up again,
// after which only the new setup's code counts.
func TestClockDriftBehindStepUp(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "slow@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := r.enableTOTP(p)
	slow := phone{t: t, r: r, secret: secret, skew: -30 * time.Second}
	prove := func() core.Proof {
		r.Clock.Advance(90 * time.Second)
		return core.Proof{Method: core.MethodTOTP, Code: slow.code()}
	}
	fresh := func() *core.Principal {
		p, err := r.Svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for range 3 {
		if err := r.Svc.ConfirmIdentity(ctx, fresh(), prove(), r.meta); err != nil {
			t.Fatalf("step-up with a code 30 s late: %v", err)
		}
	}
	if d := r.driftOf(fresh()); d == nil || d.Seconds != -30 {
		t.Fatalf("after three codes 30 s late: drift %+v, want 30 seconds behind", d)
	}

	if err := r.Svc.DisableTOTP(ctx, fresh(), prove(), r.meta); err != nil {
		t.Fatal(err)
	}
	u, err := r.Store.UserByEmail(ctx, who)
	if err != nil {
		t.Fatal(err)
	}
	if u.TOTPDrift != (core.TOTPDrift{}) {
		t.Fatalf("after disabling TOTP the record is %+v, want it cleared", u.TOTPDrift)
	}

	// Set up again with the same late phone: the new setup's code is
	// recorded, the old app's codes are not.
	p = fresh()
	setup, err := r.Svc.BeginTOTPSetup(ctx, p, r.proof(p), r.meta)
	if err != nil {
		t.Fatal(err)
	}
	slow.secret = setup.Secret
	if _, err := r.Svc.ConfirmTOTP(ctx, p, slow.code(), r.meta); err != nil {
		t.Fatal(err)
	}
	if u, err = r.Store.UserByEmail(ctx, who); err != nil {
		t.Fatal(err)
	}
	if u.TOTPDrift.Recent != "-1" || u.TOTPDrift.Seconds != 0 {
		t.Fatalf("after setting TOTP up again with a late code the record is %+v, want only that code's offset", u.TOTPDrift)
	}
}

// TestClockDriftAccountsLimit: the administrators' list refuses a limit
// out of range, naming the field.
func TestClockDriftAccountsLimit(t *testing.T) {
	r := newRig(t)
	for _, limit := range []int{-1, core.MaxDriftPage + 1} {
		_, err := r.Svc.ClockDriftAccounts(context.Background(), limit)
		if e, ok := core.AsError(err); !ok || e.Code != core.CodeBadRequest || e.Field != "limit" {
			t.Errorf("ClockDriftAccounts(%d) = %v, want bad-request on limit", limit, err)
		}
	}
}
