package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// maxTimingPairs bounds --timing-pairs.
const maxTimingPairs = 100_000

// timingResult is what timing measured: the latency of each wrong-password
// login, for a known and an unknown address, pair by pair.
type timingResult struct {
	known, unknown []time.Duration
}

// timing measures whether a wrong password answers as fast for an address
// with an account as for one without: it signs up one account, then sends
// cfg.TimingPairs pairs of POST /api/v1/login with a wrong password, one
// for that account and one for an address nobody has, one after the other
// (which goes first alternates, so drift in the machine's speed falls on
// both alike). Each login comes from an address of its own, so the
// per-address login limit never answers in its place, and each unknown
// address is new, so nothing is cached. It fails on any answer other than
// 401 invalid-credentials.
func timing(ctx context.Context, cfg *config, log io.Writer) (*timingResult, error) {
	a := &api{base: trimSlash(cfg.URL), hc: newHTTPClient(1, cfg.Timeout, cfg.AllowRemote), timeout: cfg.Timeout}
	ph := newPhase("timing", routeSignup, routeLogin)
	tag := make([]byte, 6)
	rand.Read(tag)
	known := fmt.Sprintf("timing-%x@example.com", tag)
	fmt.Fprintf(log, "twofa-load: signing up %s at %s ...\n", known, cfg.URL)
	if _, err := a.call(ctx, ph, routeSignup, "/api/v1/signup", "", addrAt(0, 0),
		map[string]string{"email": known, "password": cfg.Password, "name": "Timing"}, 201); err != nil {
		return nil, fmt.Errorf("signing up the known account: %w", err)
	}
	login := func(email, addr string) (time.Duration, error) {
		start := time.Now()
		ans, err := a.call(ctx, ph, routeLogin, "/api/v1/login", "", addr,
			map[string]string{"email": email, "password": "not the password of anyone"}, 401)
		d := time.Since(start)
		if err == nil && ans.str("error") != "invalid-credentials" {
			err = fmt.Errorf("%s: answered %q, want invalid-credentials", routeLogin, ans.str("error"))
		}
		return d, err
	}
	// A few unmeasured rounds warm up connections and caches.
	const warmUp = 10
	res := &timingResult{}
	fmt.Fprintf(log, "twofa-load: %d interleaved pairs of wrong-password logins ...\n", cfg.TimingPairs)
	for i := -warmUp; i < cfg.TimingPairs; i++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		unknown := fmt.Sprintf("nobody-%x-%d@example.com", tag, i+warmUp)
		kAddr, uAddr := addrAt(1, 2*(i+warmUp)), addrAt(1, 2*(i+warmUp)+1)
		var dk, du time.Duration
		var err1, err2 error
		if i%2 == 0 {
			dk, err1 = login(known, kAddr)
			du, err2 = login(unknown, uAddr)
		} else {
			du, err2 = login(unknown, uAddr)
			dk, err1 = login(known, kAddr)
		}
		if err := errors.Join(err1, err2); err != nil {
			return res, err
		}
		if i >= 0 {
			res.known = append(res.known, dk)
			res.unknown = append(res.unknown, du)
		}
	}
	return res, nil
}

// print writes the medians, the median and mean of the paired differences
// (known minus unknown) with a 95% interval of the mean, and in how many
// pairs the known address was slower.
func (r *timingResult) print(w io.Writer) {
	n := len(r.known)
	if n == 0 {
		fmt.Fprintln(w, "no pairs measured")
		return
	}
	diffs := make([]time.Duration, n)
	slower := 0
	var sum float64
	for i := range n {
		diffs[i] = r.known[i] - r.unknown[i]
		sum += float64(diffs[i])
		if diffs[i] > 0 {
			slower++
		}
	}
	mean := sum / float64(n)
	var ss float64
	for _, d := range diffs {
		ss += (float64(d) - mean) * (float64(d) - mean)
	}
	half := 0.0
	if n > 1 {
		half = 1.96 * math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n))
	}
	us := func(v float64) string { return fmt.Sprintf("%.0f µs", v/float64(time.Microsecond)) }
	fmt.Fprintf(w, "pairs:                              %d (wrong password; known address vs unknown, interleaved)\n", n)
	fmt.Fprintf(w, "median, known address:              %s\n", us(float64(median(r.known))))
	fmt.Fprintf(w, "median, unknown address:            %s\n", us(float64(median(r.unknown))))
	fmt.Fprintf(w, "difference of the medians:          %s\n", us(float64(median(r.known)-median(r.unknown))))
	fmt.Fprintf(w, "median of paired differences:       %s\n", us(float64(median(diffs))))
	fmt.Fprintf(w, "mean of paired differences:         %s ± %s (95%%)\n", us(mean), us(half))
	fmt.Fprintf(w, "pairs where the known one was slower: %d of %d (%.1f%%)\n", slower, n, 100*float64(slower)/float64(n))
}

// median of a list, which it does not change.
func median(list []time.Duration) time.Duration {
	s := slices.Clone(list)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
