package totp

import (
	"testing"
	"time"
)

// benchSecret is a fixed 160-bit secret, as NewSecret makes them.
const benchSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

var benchNow = time.Date(2026, time.March, 14, 15, 0, 0, 0, time.UTC)

// BenchmarkMatch measures one login's code check: three steps (skew 1)
// computed and compared. "hit" sends the current code, "miss" a wrong one;
// both do the same work by design.
func BenchmarkMatch(b *testing.B) {
	good, err := CodeAt(benchSecret, Step(benchNow), Default)
	if err != nil {
		b.Fatal(err)
	}
	bad := "000000"
	if good == bad {
		bad = "111111"
	}
	for _, c := range []struct {
		name, code string
		want       bool
	}{{"hit", good, true}, {"miss", bad, false}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, ok, err := Match(benchSecret, c.code, benchNow, 1)
				if err != nil || ok != c.want {
					b.Fatalf("Match = %v, %v; want %v", ok, err, c.want)
				}
			}
		})
	}
}

// BenchmarkCodeAt measures one HOTP computation, a third of Match.
func BenchmarkCodeAt(b *testing.B) {
	step := Step(benchNow)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CodeAt(benchSecret, step, Default); err != nil {
			b.Fatal(err)
		}
	}
}
