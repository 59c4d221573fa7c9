//go:build unix

package benchcpu

import (
	"syscall"
	"time"
)

// usage returns the CPU time (user and system) and the minor page faults of
// this process so far.
func usage() (cpu time.Duration, minflt int64, ok bool) {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0, 0, false
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano()), int64(r.Minflt), true
}
