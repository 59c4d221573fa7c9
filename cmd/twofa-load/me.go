package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// meRun is one measured run of the me scenario against one server.
type meRun struct {
	url string
	ph  *phase
	run *measured
}

// meResult is what a me run measured: the run against --url and, with
// --compare-url, the same against the other server.
type meResult struct {
	cfg      *config
	accounts *accountSet
	setup    *phase // sign-ups
	sessions *phase // sessions checked, and logins for accounts without one
	tokens   int
	runs     []*meRun
}

// meScenario runs the me scenario: it signs up the accounts missing, makes
// sure each has a live session (logging in, password then TOTP, those
// whose session is refused), then for cfg.Duration sends GET /api/v1/me
// with the sessions in turn; with cfg.CompareURL it then does the same
// against that server, with the same sessions.
func meScenario(ctx context.Context, cfg *config, log io.Writer) (_ reporter, err error) {
	a := newAPI(cfg, cfg.URL)
	res := &meResult{
		cfg:      cfg,
		setup:    newSetupPhase(),
		sessions: newPhase("sessions", routeMe, routeLogin, routeLogin2FA),
	}
	res.accounts, err = prepareAccounts(ctx, cfg, a, res.setup, log)
	if err != nil {
		return res, err
	}
	defer res.accounts.saveInto(&err)
	start := time.Now()
	tokens, err := liveSessions(ctx, a, res.sessions, res.accounts.users, cfg.setupConcurrency())
	res.sessions.elapsed = time.Since(start)
	res.tokens = len(tokens)
	if err != nil {
		return res, fmt.Errorf("getting sessions: %w", err)
	}
	if len(tokens) == 0 {
		return res, errors.New("no account has a session, nor a TOTP step free to log in with; wait for the next 30 s step")
	}

	targets := []struct {
		url string
		pid int
	}{{cfg.URL, cfg.PID}}
	if cfg.CompareURL != "" {
		targets = append(targets, struct {
			url string
			pid int
		}{cfg.CompareURL, cfg.ComparePID})
	}
	for _, t := range targets {
		ta := newAPI(cfg, t.url)
		r := &meRun{url: t.url, ph: newPhase("load", routeMe)}
		res.runs = append(res.runs, r)
		fmt.Fprintf(log, "twofa-load: %d workers for %s, GET /api/v1/me at %s ...\n", cfg.Concurrency, cfg.Duration, t.url)
		var next atomic.Uint64
		r.run = measure(ctx, r.ph, t.pid, cfg.Concurrency, cfg.Duration, func(deadline time.Time) {
			for ctx.Err() == nil && time.Now().Before(deadline) {
				tk := tokens[int(next.Add(1)-1)%len(tokens)]
				ta.call(ctx, r.ph, routeMe, "/api/v1/me", tk.token, tk.addr, nil, 200)
			}
		})
		if ctx.Err() != nil {
			break
		}
	}
	return res, ctx.Err()
}

// session is a live session and the address its account sends from.
type session struct{ token, addr string }

// liveSessions checks each account's session with a GET /api/v1/me and
// logs in (password, then TOTP) the accounts whose session is missing or
// refused and that have a TOTP step free; it returns the live sessions.
func liveSessions(ctx context.Context, a *api, ph *phase, users []*vuser, concurrency int) ([]session, error) {
	live := make([]bool, len(users))
	err := forEach(ctx, len(users), concurrency, func(ctx context.Context, i int) error {
		u := users[i]
		if u.Token != "" {
			_, err := a.call(ctx, ph, routeMe, "/api/v1/me", u.Token, u.Addr, nil, 200)
			var se *statusError
			if err == nil {
				live[i] = true
				return nil
			}
			if !errors.As(err, &se) || se.status != 401 {
				return err
			}
		}
		step, ok := nextStep(u.LastStep, time.Now())
		if !ok {
			return nil
		}
		u.LastStep = step
		token, err := login(ctx, a, ph, u, step)
		if err != nil {
			return err
		}
		u.Token, live[i] = token, true
		return nil
	})
	var out []session
	for i, u := range users {
		if live[i] {
			out = append(out, session{u.Token, u.Addr})
		}
	}
	return out, err
}

func (r *meResult) print(w io.Writer) {
	c := r.cfg
	fmt.Fprintf(w, "twofa-load: %s, scenario me, %d accounts (%d reused), concurrency %d\n",
		c.URL, c.Users, r.accounts.reusedCount(), c.Concurrency)
	r.accounts.printSetup(w, r.setup)
	if r.sessions.elapsed > 0 {
		fmt.Fprintf(w, "\nset-up: %d live sessions (checked with GET /me; accounts without one logged in) in %.2f s\n", r.tokens, r.sessions.elapsed.Seconds())
		r.sessions.print(w)
	}
	for _, run := range r.runs {
		fmt.Fprintf(w, "\nload against %s: %.2f s (asked %s)\n", run.url, run.ph.elapsed.Seconds(), c.Duration)
		run.ph.print(w)
		run.run.printServer(w)
	}
	if len(r.runs) == 2 && r.runs[0].ph.elapsed > 0 && r.runs[1].ph.elapsed > 0 {
		s0, s1 := r.runs[0].ph.stats[routeMe].summary(routeMe), r.runs[1].ph.stats[routeMe].summary(routeMe)
		q0 := float64(s0.count) / r.runs[0].ph.elapsed.Seconds()
		q1 := float64(s1.count) / r.runs[1].ph.elapsed.Seconds()
		fmt.Fprintf(w, "\ncompared: GET /api/v1/me %.0f/s at %s, %.0f/s at %s: ratio %.2f (first / second); p50 %s vs %s ms, p99 %s vs %s ms\n",
			q0, r.runs[0].url, q1, r.runs[1].url, q0/q1, ms(s0.p50), ms(s1.p50), ms(s0.p99), ms(s1.p99))
	}
}
