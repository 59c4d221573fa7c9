package password_test

import (
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/password"
)

func TestParseParams(t *testing.T) {
	withCosts := func(m, t uint32, p uint8) password.Params {
		q := password.OWASP
		q.Memory, q.Iterations, q.Parallelism = m, t, p
		return q
	}
	good := []struct {
		in   string
		want password.Params
	}{
		{"m=19456,t=2,p=1", password.OWASP},
		{password.OWASP.String(), password.OWASP},
		{"p=1,t=2,m=19456", password.OWASP},
		{" m = 47104 , t=1, p=1 ", withCosts(47104, 1, 1)},
		{"m=64,t=1,p=1", withCosts(64, 1, 1)},
		{"m=4194304,t=100,p=255", withCosts(4<<20, 100, 255)},
		{"m=2040,t=1,p=255", withCosts(2040, 1, 255)},
	}
	for _, tc := range good {
		got, err := password.ParseParams(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseParams(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}

	bad := []struct {
		in, key string
	}{
		{"", `""`},
		{"m=19456,t=2", "p"},
		{"m=19456,t=2,p=1,x=3", `"x"`},
		{"m=19456,t=2,p=1,", `""`},
		{"memory=19456,t=2,p=1", `"memory"`},
		{"M=19456,t=2,p=1", `"M"`},
		{"m,t=2,p=1", "m"},
		{"m=,t=2,p=1", "m"},
		{"m=19456,t=2,p=1,m=19456", "m"},
		{"m=0,t=2,p=1", "m"},
		{"m=-1,t=2,p=1", "m"},
		{"m=19456,t=0,p=1", "t"},
		{"m=19456,t=-2,p=1", "t"},
		{"m=19456,t=2,p=0", "p"},
		{"m=19456,t=2,p=256", "p"},
		{"m=4194305,t=2,p=1", "m"},
		{"m=99999999999999999999,t=2,p=1", "m"},
		{"m=19456,t=101,p=1", "t"},
		{"m=1.5,t=2,p=1", "m"},
		{"m=19456KiB,t=2,p=1", "m"},
		{"m=8,t=1,p=2", "m"}, // under 8 KiB per lane
	}
	for _, tc := range bad {
		got, err := password.ParseParams(tc.in)
		if err == nil {
			t.Errorf("ParseParams(%q) = %+v, want an error", tc.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tc.key) {
			t.Errorf("ParseParams(%q): error %q does not name the key %s", tc.in, err, tc.key)
		}
	}
}

func TestBelowOWASP(t *testing.T) {
	for _, tc := range []struct {
		in    string
		below bool
	}{
		{"m=19456,t=2,p=1", false},
		{"m=12288,t=3,p=1", false}, // the cheat sheet's alternatives
		{"m=9216,t=4,p=1", false},
		{"m=7168,t=5,p=1", false},
		{"m=47104,t=1,p=1", false},
		{"m=65536,t=3,p=4", false},
		{"m=19455,t=2,p=1", true},
		{"m=19456,t=1,p=1", true},
		{"m=64,t=1,p=1", true},
		{"m=47103,t=1,p=1", true},
		{"m=12287,t=3,p=1", true},
		{"m=7167,t=9,p=1", true},
		{"m=7168,t=9,p=1", false},
	} {
		p, err := password.ParseParams(tc.in)
		if err != nil {
			t.Fatalf("ParseParams(%q): %v", tc.in, err)
		}
		if got := p.BelowOWASP(); got != tc.below {
			t.Errorf("%s: BelowOWASP() = %v, want %v", tc.in, got, tc.below)
		}
	}
	if !(password.Params{Memory: 65536, Iterations: 3}).BelowOWASP() {
		t.Error("no lane: BelowOWASP() = false, want true")
	}
}
