package core

import (
	"testing"
	"time"
)

func TestAddrBlock(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7":            "192.0.2.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"::ffff:192.0.2.7":     "::ffff:192.0.2.7",
		"not an address":       "not an address",
		"fe80::1%eth0":         "fe80::/64",
		"2001:db8:1:3:3:4:5:6": "2001:db8:1:3::/64",
	} {
		if got := addrBlock(in); got != want {
			t.Errorf("addrBlock(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		90*time.Second + 400*time.Millisecond: 91 * time.Second,
		90 * time.Second:                      90 * time.Second,
		10 * time.Millisecond:                 time.Second,
	} {
		if got := tooMany(in).RetryAfter; got != want {
			t.Errorf("tooMany(%s).RetryAfter = %s, want %s", in, got, want)
		}
	}
}
