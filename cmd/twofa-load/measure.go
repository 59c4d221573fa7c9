package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// measured is the measured part of a run: the requests, how long it took,
// and what the server used meanwhile.
type measured struct {
	ph       *phase
	loadavg  string // the machine's load average when the run started
	pid      int
	memory   *memorySampler
	cpu      *cpuUse
	finished bool // not interrupted
}

// measure runs concurrency copies of work until they return, each given the
// deadline now+d, and follows the CPU and memory of the server pid (none if
// 0) meanwhile. work records its requests in ph, whose elapsed it sets.
func measure(ctx context.Context, ph *phase, pid, concurrency int, d time.Duration, work func(deadline time.Time)) *measured {
	m := &measured{ph: ph, pid: pid, loadavg: loadAverage()}
	if pid != 0 {
		var stop func()
		m.memory, stop = sampleMemory(ctx, pid, 200*time.Millisecond)
		defer stop()
	}
	stopCPU := startCPU(pid)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() { work(deadline) })
	}
	wg.Wait()
	ph.elapsed = time.Since(start)
	m.cpu = stopCPU()
	m.finished = ctx.Err() == nil
	return m
}

// printServer writes the server's memory and CPU use, and whether the run
// was cut short.
func (m *measured) printServer(w io.Writer) {
	if m.memory != nil {
		fmt.Fprintln(w, m.memory)
	}
	if m.cpu != nil {
		fmt.Fprintln(w, m.cpu.format(m.ph.elapsed))
		if n := m.ph.total(); n > 0 && !m.cpu.serverErr {
			fmt.Fprintf(w, "server CPU per request: %.0f µs (%d requests)\n", float64(m.cpu.server.Microseconds())/float64(n), n)
		}
	}
	if m.loadavg != "" {
		fmt.Fprintf(w, "machine load average (1, 5, 15 min) at the start: %s\n", m.loadavg)
	}
	if !m.finished {
		fmt.Fprintln(w, "(interrupted: figures cover the run so far)")
	}
}

// loadAverage returns the first three fields of /proc/loadavg, or "" if
// it cannot be read: other work on the machine shows there.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
