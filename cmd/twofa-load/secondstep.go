package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// stepAccount is an account of the second-step scenario with the
// challenges opened for it and not used yet.
type stepAccount struct {
	u          *vuser
	challenges []string
}

// stepPool hands out accounts for second steps, each to one worker at a
// time (an account's steps must reach the server in ascending order),
// together with the step whose code to send.
type stepPool struct {
	mu    sync.Mutex
	ready []*stepAccount // in turn, oldest first
	later []*stepAccount // with challenges but no step free until the step turns
	step  int64          // the step later is for
}

func newStepPool(accounts []*stepAccount) *stepPool {
	p := &stepPool{step: -1}
	for _, sa := range accounts {
		p.put(sa)
	}
	return p
}

// take returns the next account with a challenge and a step free at now,
// and reserves the step, or false if there is none.
func (p *stepPool) take(now time.Time) (*stepAccount, int64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := stepOf(now); s != p.step {
		p.ready, p.later, p.step = append(p.ready, p.later...), nil, s
	}
	for len(p.ready) > 0 {
		sa := p.ready[0]
		p.ready = p.ready[1:]
		step, ok := nextStep(sa.u.LastStep, now)
		if !ok {
			p.later = append(p.later, sa)
			continue
		}
		sa.u.LastStep = step
		return sa, step, true
	}
	return nil, 0, false
}

// put hands an account back after its second step, to wait its turn again
// if it has challenges left.
func (p *stepPool) put(sa *stepAccount) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(sa.challenges) > 0 {
		p.ready = append(p.ready, sa)
	}
}

// stepResult is what a second-step run measured.
type stepResult struct {
	cfg        *config
	accounts   *accountSet
	setup      *phase // sign-ups
	open       *phase // challenges opened
	load       *phase
	opened     int // challenges opened
	possible   int // second steps possible when the load started
	done       atomic.Int64
	ranOutNano atomic.Int64 // when a worker first found no second step left, from the start
	run        *measured
}

// secondStep runs the second-step scenario: it signs up the accounts
// missing, opens up to cfg.ChallengesPer challenges per account (as many as
// the account has TOTP steps free), then for at most cfg.Duration sends POST
// /api/v1/login/2fa with a fresh code on each challenge, and stops early when
// no account has both a challenge and a free step left.
func secondStep(ctx context.Context, cfg *config, log io.Writer) (_ reporter, err error) {
	a := newAPI(cfg, cfg.URL)
	res := &stepResult{
		cfg:   cfg,
		setup: newSetupPhase(),
		open:  newPhase("challenges", routeLogin),
		load:  newPhase("load", routeLogin2FA),
	}
	res.accounts, err = prepareAccounts(ctx, cfg, a, res.setup, log)
	if err != nil {
		return res, err
	}
	defer res.accounts.saveInto(&err)

	users := res.accounts.users
	want := make([]int, len(users))
	total := 0
	now := time.Now()
	for i, u := range users {
		want[i] = min(cfg.ChallengesPer, stepsLeft(u.LastStep, now))
		total += want[i]
	}
	if total == 0 {
		return res, errors.New("no account has a TOTP step free now; wait for the next 30 s step, or use more accounts")
	}
	fmt.Fprintf(log, "twofa-load: opening %d challenges (POST /api/v1/login), %d at a time ...\n", total, cfg.setupConcurrency())
	start := time.Now()
	got, err := openChallenges(ctx, a, res.open, users, want, cfg.setupConcurrency())
	res.open.elapsed = time.Since(start)
	accounts := make([]*stepAccount, len(users))
	now = time.Now()
	for i, u := range users {
		accounts[i] = &stepAccount{u: u, challenges: got[i]}
		res.opened += len(got[i])
		res.possible += min(len(got[i]), stepsLeft(u.LastStep, now))
	}
	if err != nil {
		return res, fmt.Errorf("opening challenges: %w", err)
	}

	fmt.Fprintf(log, "twofa-load: %d workers for at most %s or %d second steps ...\n", cfg.Concurrency, cfg.Duration, res.possible)
	p := newStepPool(accounts)
	begin := time.Now()
	res.run = measure(ctx, res.load, cfg.PID, cfg.Concurrency, cfg.Duration, func(deadline time.Time) {
		res.worker(ctx, a, p, deadline, begin)
	})
	return res, ctx.Err()
}

// worker sends second steps until the deadline or until none is left.
func (r *stepResult) worker(ctx context.Context, a *api, p *stepPool, deadline, begin time.Time) {
	for ctx.Err() == nil && time.Now().Before(deadline) {
		sa, step, ok := p.take(time.Now())
		if !ok {
			r.ranOutNano.CompareAndSwap(0, int64(time.Since(begin)))
			return
		}
		last := len(sa.challenges) - 1
		challenge := sa.challenges[last]
		sa.challenges = sa.challenges[:last]
		code, err := sa.u.codeFor(step)
		if err != nil {
			p.put(sa)
			continue
		}
		ans, err := a.call(ctx, r.load, routeLogin2FA, "/api/v1/login/2fa", "", sa.u.Addr,
			map[string]string{"challenge": challenge, "method": "totp", "code": code}, 200)
		var se *statusError
		switch {
		case err == nil:
			r.done.Add(1)
			sa.u.Token = ans.str("token")
		case errors.As(err, &se) && (se.status == 401 && se.str("error") == "2fa-invalid" || se.status == 503):
			// A refused code leaves the challenge open (it survives a
			// few wrong codes), and a 503 did nothing: use it again
			// with the next step.
			sa.challenges = append(sa.challenges, challenge)
		}
		p.put(sa)
	}
}

func (r *stepResult) print(w io.Writer) {
	c := r.cfg
	fmt.Fprintf(w, "twofa-load: %s, scenario second-step, %d accounts (%d reused), concurrency %d\n",
		c.URL, c.Users, r.accounts.reusedCount(), c.Concurrency)
	r.accounts.printSetup(w, r.setup)
	if r.open.elapsed > 0 {
		fmt.Fprintf(w, "\nset-up: %d challenges opened (up to %d per account, one per TOTP step free) in %.2f s\n",
			r.opened, c.ChallengesPer, r.open.elapsed.Seconds())
		r.open.print(w)
	}
	if r.run == nil {
		return
	}
	secs := r.load.elapsed.Seconds()
	fmt.Fprintf(w, "\nload: %.2f s (asked %s); second steps possible at the start: %d\n", secs, c.Duration, r.possible)
	r.load.print(w)
	fmt.Fprintf(w, "second steps completed (200, session issued): %d, %.1f/s\n", r.done.Load(), float64(r.done.Load())/secs)
	if ran := r.ranOutNano.Load(); ran > 0 {
		fmt.Fprintf(w, "ran out of second steps (no account with both a challenge and a free TOTP step) after %.2f s\n", time.Duration(ran).Seconds())
	}
	r.run.printServer(w)
}
