//go:build !unix

package benchcpu

import "time"

func usage() (cpu time.Duration, minflt int64, ok bool) { return 0, 0, false }
