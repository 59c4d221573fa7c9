package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// replaysPerAccount is how many refused codes an account is sent in one
// run: each counts against the account's second-factor limit, and with
// twofa's defaults the fifth wrong code in a row locks the account (and a
// challenge survives five wrong codes), so four leave it usable. A
// completed second step clears the count; the set-up makes one.
const replaysPerAccount = 4

// replayAccount is an account of the replay scenario: a challenge open,
// and the step whose code it already used.
type replayAccount struct {
	u         *vuser
	challenge string
	used      int64 // the step used; its code is in the server's window until step used+1 ends
	left      int   // replays still to send
}

// replayPool hands out accounts round robin, each to one worker at a time.
type replayPool struct {
	mu    sync.Mutex
	ready []*replayAccount
}

// take returns an account whose used code is still in the server's window
// at now (so that the server refuses it as used, not as wrong), or false if
// there is none.
func (p *replayPool) take(now time.Time) (*replayAccount, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.ready) > 0 {
		ra := p.ready[0]
		p.ready = p.ready[1:]
		if ra.left > 0 && stepOf(now.Add(stepMargin)) <= ra.used+1 {
			return ra, true
		}
	}
	return nil, false
}

func (p *replayPool) put(ra *replayAccount) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ra.left > 0 {
		p.ready = append(p.ready, ra)
	}
}

// replayResult is what a replay run measured.
type replayResult struct {
	cfg        *config
	accounts   *accountSet
	setup      *phase // sign-ups
	prep       *phase // a login per account, and a challenge to replay on
	load       *phase
	possible   int
	refused    atomic.Int64 // 401 2fa-invalid, as a code already used
	wrong      atomic.Int64 // 401 2fa-invalid for another reason (the code left the window)
	other      atomic.Int64 // 401 with another error code
	ranOutNano atomic.Int64
	run        *measured
}

// replay runs the replay scenario. Set-up: each account logs in (password,
// then the code of the latest step the server accepts) and opens one more
// challenge. Then for at most cfg.Duration workers send, on those
// challenges, the code the login used, replaysPerAccount times per account,
// and expect 401 2fa-invalid each time.
func replay(ctx context.Context, cfg *config, log io.Writer) (_ reporter, err error) {
	a := newAPI(cfg, cfg.URL)
	res := &replayResult{
		cfg:   cfg,
		setup: newSetupPhase(),
		prep:  newPhase("logins", routeLogin, routeLogin2FA),
		load:  newPhase("load", routeLogin2FA),
	}
	res.accounts, err = prepareAccounts(ctx, cfg, a, res.setup, log)
	if err != nil {
		return res, err
	}
	defer res.accounts.saveInto(&err)

	users := res.accounts.users
	fmt.Fprintf(log, "twofa-load: logging %d accounts in and opening a challenge each, %d at a time ...\n", len(users), cfg.setupConcurrency())
	start := time.Now()
	accounts, err := prepareReplays(ctx, a, res.prep, users, cfg.setupConcurrency())
	res.prep.elapsed = time.Since(start)
	if err != nil {
		return res, fmt.Errorf("preparing replays: %w", err)
	}
	p := &replayPool{}
	for _, ra := range accounts {
		if ra != nil {
			p.put(ra)
			res.possible += ra.left
		}
	}
	if res.possible == 0 {
		return res, errors.New("no account had a TOTP step free to log in with; wait for the next 30 s step, or use more accounts")
	}

	fmt.Fprintf(log, "twofa-load: %d workers for at most %s or %d replayed codes ...\n", cfg.Concurrency, cfg.Duration, res.possible)
	begin := time.Now()
	res.run = measure(ctx, res.load, cfg.PID, cfg.Concurrency, cfg.Duration, func(deadline time.Time) {
		for ctx.Err() == nil && time.Now().Before(deadline) {
			ra, ok := p.take(time.Now())
			if !ok {
				res.ranOutNano.CompareAndSwap(0, int64(time.Since(begin)))
				return
			}
			res.send(ctx, a, ra)
			p.put(ra)
		}
	})
	return res, ctx.Err()
}

// send replays ra's used code once and counts the answer.
func (r *replayResult) send(ctx context.Context, a *api, ra *replayAccount) {
	ra.left--
	code, err := ra.u.codeFor(ra.used)
	if err != nil {
		return
	}
	ans, err := a.call(ctx, r.load, routeLogin2FA, "/api/v1/login/2fa", "", ra.u.Addr,
		map[string]string{"challenge": ra.challenge, "method": "totp", "code": code}, 401)
	if err != nil {
		return
	}
	switch {
	case ans.str("error") != "2fa-invalid":
		r.other.Add(1)
	case strings.Contains(ans.str("message"), "already used"):
		r.refused.Add(1)
	default:
		r.wrong.Add(1)
	}
}

// prepareReplays logs each account in with the code of the latest step the
// server accepts now, then opens a challenge to replay that code on,
// concurrency accounts at a time. An account without a step free is left
// out (nil).
func prepareReplays(ctx context.Context, a *api, ph *phase, users []*vuser, concurrency int) ([]*replayAccount, error) {
	out := make([]*replayAccount, len(users))
	err := forEach(ctx, len(users), concurrency, func(ctx context.Context, i int) error {
		ra, err := prepareReplay(ctx, a, ph, users[i])
		out[i] = ra
		return err
	})
	return out, err
}

func prepareReplay(ctx context.Context, a *api, ph *phase, u *vuser) (*replayAccount, error) {
	step := stepOf(time.Now()) + 1 // the latest the server accepts: its code stays usable for a replay longest
	if step <= u.LastStep {
		return nil, nil
	}
	challenge, err := openChallenge(ctx, a, ph, u)
	if err != nil {
		return nil, err
	}
	code, err := u.codeFor(step)
	if err != nil {
		return nil, err
	}
	u.LastStep = step
	ans, err := a.callRetry(ctx, ph, routeLogin2FA, "/api/v1/login/2fa", "", u.Addr,
		map[string]string{"challenge": challenge, "method": "totp", "code": code}, 200)
	if err != nil {
		return nil, err
	}
	u.Token = ans.str("token")
	if challenge, err = openChallenge(ctx, a, ph, u); err != nil {
		return nil, err
	}
	return &replayAccount{u: u, challenge: challenge, used: step, left: replaysPerAccount}, nil
}

func (r *replayResult) print(w io.Writer) {
	c := r.cfg
	fmt.Fprintf(w, "twofa-load: %s, scenario replay, %d accounts (%d reused), concurrency %d\n",
		c.URL, c.Users, r.accounts.reusedCount(), c.Concurrency)
	r.accounts.printSetup(w, r.setup)
	if r.prep.elapsed > 0 {
		fmt.Fprintf(w, "\nset-up: a login per account, then a challenge to replay its code on, in %.2f s\n", r.prep.elapsed.Seconds())
		r.prep.print(w)
	}
	if r.run == nil {
		return
	}
	secs := r.load.elapsed.Seconds()
	fmt.Fprintf(w, "\nload: %.2f s (asked %s); replays possible at the start: %d (%d per account)\n", secs, c.Duration, r.possible, replaysPerAccount)
	r.load.print(w)
	fmt.Fprintf(w, "replayed codes refused as already used (401 2fa-invalid): %d, %.1f/s\n", r.refused.Load(), float64(r.refused.Load())/secs)
	if n := r.wrong.Load(); n > 0 {
		fmt.Fprintf(w, "refused as wrong codes instead (the used step had left the window): %d\n", n)
	}
	if n := r.other.Load(); n > 0 {
		fmt.Fprintf(w, "401 answers with another error than 2fa-invalid: %d\n", n)
	}
	if ran := r.ranOutNano.Load(); ran > 0 {
		fmt.Fprintf(w, "ran out of replays after %.2f s\n", time.Duration(ran).Seconds())
	}
	r.run.printServer(w)
}
