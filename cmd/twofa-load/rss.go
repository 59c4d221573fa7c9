package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memory is what /proc/<pid>/status says about a process, in KiB.
type memory struct {
	RSS, HWM int64 // VmRSS, VmHWM
}

// readMemory reads VmRSS and VmHWM of pid from /proc (Linux only).
func readMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		var dst *int64
		switch name {
		case "VmRSS":
			dst = &m.RSS
		case "VmHWM":
			dst = &m.HWM
		default:
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return memory{}, fmt.Errorf("/proc/%d/status: %s: %w", pid, name, err)
		}
		*dst = kb
	}
	if err := sc.Err(); err != nil {
		return memory{}, err
	}
	return m, nil
}

// memorySampler follows VmRSS of a process while the load runs.
type memorySampler struct {
	pid           int
	mu            sync.Mutex
	before, after memory
	peakRSS       int64
	err           error
}

// sampleMemory reads the process's memory now and every interval until ctx
// ends; stop waits for the last reading.
func sampleMemory(ctx context.Context, pid int, interval time.Duration) (s *memorySampler, stop func()) {
	s = &memorySampler{pid: pid}
	m, err := readMemory(pid)
	s.before, s.peakRSS, s.err = m, m.RSS, err
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if m, err := readMemory(pid); err == nil {
					s.mu.Lock()
					s.peakRSS = max(s.peakRSS, m.RSS)
					s.mu.Unlock()
				}
			}
		}
	}()
	return s, func() {
		cancel()
		<-done
		m, err := readMemory(pid)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.err == nil {
			s.err = err
		}
		s.after = m
		s.peakRSS = max(s.peakRSS, m.RSS)
	}
}

func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

func (s *memorySampler) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return fmt.Sprintf("server memory (pid %d): not available: %v", s.pid, s.err)
	}
	return fmt.Sprintf("server memory (pid %d): VmRSS %s before the load, %s at most during it (sampled every 200 ms), %s after; VmHWM (peak since start) %s",
		s.pid, mib(s.before.RSS), mib(s.peakRSS), mib(s.after.RSS), mib(s.after.HWM))
}
