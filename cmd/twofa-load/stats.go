package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// maxSamples bounds the latencies kept per route; beyond it a uniform
// reservoir sample stands for all (count and max stay exact).
const maxSamples = 1 << 20

// routeStats collects the answers of one route.
type routeStats struct {
	mu      sync.Mutex
	count   int64
	samples []time.Duration
	max     time.Duration
	errors  map[string]int64 // by "status error-code", or "transport"
	rng     *rand.Rand
}

func (r *routeStats) record(d time.Duration, errKey string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count++
	if len(r.samples) < maxSamples {
		r.samples = append(r.samples, d)
	} else if i := r.rng.Int64N(r.count); i < maxSamples {
		r.samples[i] = d
	}
	r.max = max(r.max, d)
	if errKey != "" {
		r.errors[errKey]++
	}
}

// phase is the statistics of one part of a run, route by route.
type phase struct {
	name    string
	routes  []string
	stats   map[string]*routeStats
	elapsed time.Duration
}

// newSetupPhase is the phase that signs accounts up and enables TOTP on
// them, as every scenario does first.
func newSetupPhase() *phase {
	return newPhase("set-up", routeSignup, routeLogin, routeTOTPSetup, routeTOTPCheck)
}

func newPhase(name string, routes ...string) *phase {
	p := &phase{name: name, routes: routes, stats: map[string]*routeStats{}}
	for i, r := range routes {
		p.stats[r] = &routeStats{errors: map[string]int64{}, rng: rand.New(rand.NewPCG(uint64(i), 1))}
	}
	return p
}

func (p *phase) record(route string, d time.Duration, errKey string) {
	p.stats[route].record(d, errKey)
}

// summary is one line of the report.
type summary struct {
	route                string
	count, errors        int64
	p50, p90, p99, maxim time.Duration
}

func (r *routeStats) summary(route string) summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := summary{route: route, count: r.count, maxim: r.max}
	for _, n := range r.errors {
		s.errors += n
	}
	sorted := slices.Clone(r.samples)
	slices.Sort(sorted)
	s.p50, s.p90, s.p99 = quantile(sorted, 0.50), quantile(sorted, 0.90), quantile(sorted, 0.99)
	return s
}

// quantile is the nearest-rank q-quantile of sorted.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

// print writes the route table and the errors of the phase.
func (p *phase) print(w io.Writer) {
	secs := p.elapsed.Seconds()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "route\trequests\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\t")
	var total int64
	for _, r := range p.routes {
		s := p.stats[r].summary(r)
		total += s.count
		if s.count == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%s\t%s\t%s\t%d\t\n",
			r, s.count, float64(s.count)/secs, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.maxim), s.errors)
	}
	fmt.Fprintf(tw, "all routes\t%d\t%.1f\t\t\t\t\t\t\n", total, float64(total)/secs)
	tw.Flush()

	var lines []string
	for _, r := range p.routes {
		st := p.stats[r]
		st.mu.Lock()
		for k, n := range st.errors {
			lines = append(lines, fmt.Sprintf("  %s: %s: %d", r, k, n))
		}
		st.mu.Unlock()
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		fmt.Fprintln(w, "errors: none")
		return
	}
	fmt.Fprintln(w, "errors by route and status:")
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// errorCount is the number of errors in the phase.
func (p *phase) errorCount() int64 {
	var n int64
	for _, r := range p.routes {
		n += p.stats[r].summary(r).errors
	}
	return n
}

// count is the number of requests to route.
func (p *phase) count(route string) int64 {
	st := p.stats[route]
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.count
}

// total is the number of requests of every route.
func (p *phase) total() int64 {
	var n int64
	for _, r := range p.routes {
		n += p.count(r)
	}
	return n
}
