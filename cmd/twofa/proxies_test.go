package main

import (
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTrustedProxiesFlag: --trusted-proxies and TWOFA_TRUSTED_PROXIES give
// the list; the old --trust-proxy trusts loopback only and says to use
// --trusted-proxies.
func TestTrustedProxiesFlag(t *testing.T) {
	parse := func(args []string, vars map[string]string) *config {
		t.Helper()
		var c config
		fs := newFlagSet("serve", &c, &strings.Builder{})
		addServeFlags(fs, &c)
		if err := parseFlags(fs, args, env(vars)); err != nil {
			t.Fatal(err)
		}
		return &c
	}
	noWarn := func(msg string) { t.Errorf("unexpected warning %q", msg) }
	c := parse([]string{"--trusted-proxies", "10.0.0.5, fd00::/8"}, nil)
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32"), netip.MustParsePrefix("fd00::/8")}
	if got := c.trustedProxies(noWarn); !slices.Equal(got, want) {
		t.Errorf("--trusted-proxies: %v, want %v", got, want)
	}
	c = parse(nil, map[string]string{"TWOFA_TRUSTED_PROXIES": "192.0.2.0/24"})
	if got := c.trustedProxies(noWarn); !slices.Equal(got, []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}) {
		t.Errorf("TWOFA_TRUSTED_PROXIES: %v", got)
	}
	if got := parse(nil, nil).trustedProxies(noWarn); len(got) != 0 {
		t.Errorf("no flag: %v, want no proxies", got)
	}
	var warned string
	got := parse([]string{"--trust-proxy"}, nil).trustedProxies(func(msg string) { warned = msg })
	if !slices.Equal(got, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}) {
		t.Errorf("--trust-proxy: %v, want loopback only", got)
	}
	if !strings.Contains(warned, "--trusted-proxies") {
		t.Errorf("--trust-proxy warned %q, want advice to use --trusted-proxies", warned)
	}
	_, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--trust-proxy", "--db", filepath.Join(t.TempDir(), "twofa.db")}, nil)
	if !strings.Contains(log.String(), "use --trusted-proxies") && !strings.Contains(log.String(), "with --trusted-proxies") {
		t.Errorf("serve --trust-proxy logged no advice to use --trusted-proxies:\n%s", log)
	}
}
