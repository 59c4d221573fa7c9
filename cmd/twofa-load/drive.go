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

// pool hands out accounts for logins, each at most once per TOTP step.
type pool struct {
	mu    sync.Mutex
	users []*vuser
	step  int64      // the step next is for
	next  int        // where to look for a free account in step
	meAt  int        // round robin over sessions for GET /me
	back  []returned // given back unused in step, oldest first
}

// returned is an account given back, free again from at.
type returned struct {
	u  *vuser
	at time.Time
}

// take reserves the current step of an account that has not used it and
// returns the account and the step, or nil when every account has.
func (p *pool) take(now time.Time) (*vuser, int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := stepOf(now); s != p.step {
		p.step, p.next, p.back = s, 0, nil
	}
	if len(p.back) > 0 && !now.Before(p.back[0].at) {
		u := p.back[0].u
		p.back = p.back[1:]
		u.LastStep = p.step
		return u, p.step
	}
	for ; p.next < len(p.users); p.next++ {
		if u := p.users[p.next]; u.LastStep < p.step {
			u.LastStep = p.step
			p.next++
			return u, p.step
		}
	}
	return nil, 0
}

// giveBack returns an account taken for step but not used (the server
// refused the password step as busy), so it can log in again in step from
// at, when the server said to retry.
func (p *pool) giveBack(u *vuser, step int64, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if step == p.step {
		u.LastStep = step - 1
		p.back = append(p.back, returned{u, at})
	}
}

// session returns some account's session for a GET /me, or nil if none
// has one yet.
func (p *pool) session() (u *vuser, token string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range len(p.users) {
		u := p.users[p.meAt]
		p.meAt = (p.meAt + 1) % len(p.users)
		if u.Token != "" {
			return u, u.Token
		}
	}
	return nil, ""
}

func (p *pool) setToken(u *vuser, token string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u.Token = token
}

// result is everything a login run measured.
type result struct {
	cfg      *config
	accounts *accountSet
	setup    *phase
	load     *phase
	logins   atomic.Int64 // completed: both steps answered as expected
	skipped  atomic.Int64 // times no account was free in the current step
	deferred atomic.Int64 // logins refused as busy, retried after Retry-After
	idle     atomic.Int64 // nanoseconds workers waited for a free account
	run      *measured
}

// load signs up the accounts, then runs the login scenario for
// cfg.Duration. Progress goes to log. The result is returned even when err
// is not nil, as far as the run got.
func load(ctx context.Context, cfg *config, log io.Writer) (_ *result, err error) {
	a := newAPI(cfg, cfg.URL)
	res := &result{
		cfg:   cfg,
		setup: newSetupPhase(),
		load:  newPhase("load", routeLogin, routeLogin2FA, routeMe),
	}
	res.accounts, err = prepareAccounts(ctx, cfg, a, res.setup, log)
	if err != nil {
		return res, err
	}
	// Keep the steps used, for the next run; workers have stopped by the
	// time this runs.
	defer res.accounts.saveInto(&err)

	fmt.Fprintf(log, "twofa-load: %d workers for %s ...\n", cfg.Concurrency, cfg.Duration)
	p := &pool{users: res.accounts.users, step: -1}
	res.run = measure(ctx, res.load, cfg.PID, cfg.Concurrency, cfg.Duration, func(deadline time.Time) {
		worker(ctx, a, p, res, deadline)
	})
	return res, ctx.Err()
}

// worker repeats whole logins until the deadline, each followed by
// cfg.MePerLogin GET /api/v1/me. When no account is free in the current
// step it waits for the next step or, with cfg.FillWithMe, sends one GET
// /api/v1/me with an existing session instead (waiting only while there is
// no session yet).
func worker(ctx context.Context, a *api, p *pool, res *result, deadline time.Time) {
	ph := res.load
	for ctx.Err() == nil && time.Now().Before(deadline) {
		u, step := p.take(time.Now())
		if u == nil {
			res.skipped.Add(1)
			if res.cfg.FillWithMe {
				if su, token := p.session(); su != nil {
					a.call(ctx, ph, routeMe, "/api/v1/me", token, su.Addr, nil, 200)
					continue
				}
			}
			wake := time.Unix((stepOf(time.Now())+1)*period, 0)
			if deadline.Before(wake) {
				wake = deadline
			}
			start := time.Now()
			sleepUntil(ctx, wake)
			res.idle.Add(int64(time.Since(start)))
			continue
		}
		token, err := login(ctx, a, ph, u, step)
		if wait, ok := busyWait(err); ok {
			// As a well-behaved client: the account's code was not used,
			// so keep it, and wait as the server asks.
			res.deferred.Add(1)
			retry := time.Now().Add(wait)
			p.giveBack(u, step, retry)
			sleepUntil(ctx, retry)
			continue
		}
		if err != nil {
			continue
		}
		res.logins.Add(1)
		p.setToken(u, token)
		for range res.cfg.MePerLogin {
			a.call(ctx, ph, routeMe, "/api/v1/me", token, u.Addr, nil, 200)
		}
	}
}

// login runs both steps of a login of u with the code of step and returns
// the session token.
func login(ctx context.Context, a *api, ph *phase, u *vuser, step int64) (string, error) {
	ans, err := a.call(ctx, ph, routeLogin, "/api/v1/login", "", u.Addr,
		map[string]string{"email": u.Email, "password": u.Password}, 401)
	if err != nil {
		return "", err
	}
	if ans.str("error") != "2fa-required" || ans.str("challenge") == "" {
		return "", errors.New("login: no second-factor challenge")
	}
	code, err := u.codeFor(step)
	if err != nil {
		return "", err
	}
	ans, err = a.call(ctx, ph, routeLogin2FA, "/api/v1/login/2fa", "", u.Addr,
		map[string]string{"challenge": ans.str("challenge"), "method": "totp", "code": code}, 200)
	if err != nil {
		return "", err
	}
	return ans.str("token"), nil
}

// busyWait reports whether err is a 503 busy answer to the password step,
// and how long it asks the client to wait.
func busyWait(err error) (time.Duration, bool) {
	var se *statusError
	if !errors.As(err, &se) || se.route != routeLogin || se.status != 503 || se.str("error") != "busy" {
		return 0, false
	}
	secs, _ := se.body["retryAfter"].(float64)
	return time.Duration(max(secs, 1) * float64(time.Second)), true
}

func sleepUntil(ctx context.Context, t time.Time) {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-ctx.Done():
	case <-timer.C:
	}
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// print writes the report.
func (r *result) print(w io.Writer) {
	c := r.cfg
	fmt.Fprintf(w, "twofa-load: %s, scenario login, %d accounts (%d reused), concurrency %d, GET /me per login %d\n",
		c.URL, c.Users, r.accounts.reusedCount(), c.Concurrency, c.MePerLogin)
	r.accounts.printSetup(w, r.setup)
	if r.run == nil {
		return
	}
	secs := r.load.elapsed.Seconds()
	fmt.Fprintf(w, "\nload: %.2f s (asked %s)\n", secs, c.Duration)
	r.load.print(w)
	fmt.Fprintf(w, "whole logins (password, then TOTP): %d, %.1f/s\n", r.logins.Load(), float64(r.logins.Load())/secs)
	if c.FillWithMe {
		fmt.Fprintf(w, "logins replaced by a GET /me for want of an account free in the current 30 s step: %d\n", r.skipped.Load())
	}
	if n := r.deferred.Load(); n > 0 {
		fmt.Fprintf(w, "password steps answered 503 busy, retried with the same account after Retry-After: %d\n", n)
	}
	idle := time.Duration(r.idle.Load())
	fmt.Fprintf(w, "worker time spent waiting for an account free in the current 30 s step: %.1f s of %.1f s (%.0f%%)\n",
		idle.Seconds(), secs*float64(c.Concurrency), 100*idle.Seconds()/(secs*float64(c.Concurrency)))
	r.run.printServer(w)
	if n := r.logins.Load(); n > 0 && r.run.cpu != nil && !r.run.cpu.serverErr {
		// CPU time, not wall time: compare it with the cpu-ns/op of
		// internal/password's BenchmarkHash run on the same machine at
		// the same time; a shared machine slows both alike.
		fmt.Fprintf(w, "server CPU per whole login: %.1f ms (every request of the load counted, GET /me included)\n",
			float64(r.run.cpu.server.Microseconds())/1e3/float64(n))
	}
}
