package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of CPU times in /proc (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// processCPU returns the CPU time (user and system) pid has used, from
// /proc/<pid>/stat; pid 0 means this process.
func processCPU(pid int) (time.Duration, error) {
	path := "/proc/self/stat"
	if pid != 0 {
		path = fmt.Sprintf("/proc/%d/stat", pid)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: fields count from
	// after it, where field 3 (state) comes first.
	i := strings.LastIndexByte(string(data), ')')
	f := strings.Fields(string(data)[i+1:])
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("%s: unexpected format", path)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("%s: unexpected format", path)
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// machineCPU returns the busy and total CPU time of all CPUs, from
// /proc/stat (idle and iowait count as not busy).
func machineCPU() (busy, total time.Duration, err error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0, 0, fmt.Errorf("/proc/stat: unexpected format")
	}
	// user nice system idle iowait irq softirq steal (guest time is
	// already in user).
	for i, s := range f[1:min(len(f), 9)] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/stat: %w", err)
		}
		d := time.Duration(n) * clockTick
		total += d
		if i != 3 && i != 4 {
			busy += d
		}
	}
	return busy, total, nil
}

// cpuUse compares CPU times from the start to the end of the load.
type cpuUse struct {
	pid                  int
	server, self         time.Duration
	busy, total          time.Duration
	serverErr, machineOK bool
}

// startCPU reads the CPU times now; stop reads them again and returns the
// difference. pid 0 means no server process is known.
func startCPU(pid int) (stop func() *cpuUse) {
	s0, serr := processCPU(pid)
	m0, _ := processCPU(0)
	b0, t0, merr := machineCPU()
	return func() *cpuUse {
		u := &cpuUse{pid: pid}
		s1, serr1 := processCPU(pid)
		m1, _ := processCPU(0)
		b1, t1, merr1 := machineCPU()
		u.server, u.serverErr = s1-s0, pid == 0 || serr != nil || serr1 != nil
		u.self = m1 - m0
		u.busy, u.total, u.machineOK = b1-b0, t1-t0, merr == nil && merr1 == nil
		return u
	}
}

func (u *cpuUse) format(wall time.Duration) string {
	cores := func(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()/wall.Seconds()) }
	var parts []string
	if !u.serverErr {
		parts = append(parts, fmt.Sprintf("server (pid %d) %s cores", u.pid, cores(u.server)))
	}
	parts = append(parts, fmt.Sprintf("twofa-load %s cores", cores(u.self)))
	if u.machineOK && u.total > 0 {
		parts = append(parts, fmt.Sprintf("whole machine %.0f%% busy", 100*u.busy.Seconds()/u.total.Seconds()))
	}
	return "CPU during the load: " + strings.Join(parts, ", ")
}
