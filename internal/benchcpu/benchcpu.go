// Package benchcpu makes a benchmark report the CPU time it used per
// operation beside its wall time (ns/op).
//
// A load test reads CPU time (twofa-load's server cores, from
// /proc/<pid>/stat), so that is what to compare it with; and on a shared
// machine the CPU time of one and the same computation varies from run to
// run (an argon2id hash with OWASP parameters can take twice the CPU it
// takes on a quiet machine). To compare a whole login with one password
// hash, compare their cpu-ns/op from one go test command, not figures taken
// at different times.
package benchcpu

import "testing"

// Start reads the process's CPU time and minor page faults; the function
// it returns, called right after b's loop, reads them again and reports the
// difference per operation as cpu-ns/op (user and system time of every
// thread: the garbage collector and the goroutines argon2id starts
// included) and minflt/op (pages touched for the first time since the
// process got them, each zeroed by the kernel). Nothing is reported where
// the process's usage cannot be read.
func Start(b *testing.B) (stop func()) {
	b.Helper()
	cpu0, faults0, ok := usage()
	return func() {
		cpu1, faults1, ok1 := usage()
		if !ok || !ok1 || b.N == 0 {
			return
		}
		n := float64(b.N)
		b.ReportMetric(float64(cpu1-cpu0)/n, "cpu-ns/op")
		b.ReportMetric(float64(faults1-faults0)/n, "minflt/op")
	}
}
