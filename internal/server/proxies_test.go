package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// from sends one JSON request straight into the handler as if it came
// from the TCP peer remote, with X-Forwarded-For xff ("" for none).
func (e *env) from(remote, xff, method, path, token string, body any) reply {
	e.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = remote
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	r := reply{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && len(r.raw) > 0 {
		if err := json.Unmarshal(r.raw, &r.body); err != nil {
			e.t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, r.raw)
		}
	}
	return r
}

// loginAddress logs in from remote with xff and returns the address the
// audit trail recorded for that login.
func (e *env) loginAddress(remote, xff, addr string) string {
	e.t.Helper()
	r := e.expect(e.from(remote, xff, "POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 200, "")
	r = e.expect(e.from(remote, xff, "GET", "/api/v1/me/events", r.str("token"), nil), 200, "")
	evs, _ := r.body["events"].([]any)
	for _, ev := range evs {
		m, _ := ev.(map[string]any)
		if m["type"] == "login" {
			ip, _ := m["ip"].(string)
			return ip
		}
	}
	e.t.Fatalf("no login event: %s", r.raw)
	return ""
}

func proxyEnv(t *testing.T, proxies string) *env {
	t.Helper()
	p, err := ParseTrustedProxies(proxies)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, Options{TrustedProxies: p}, func(c *core.Config) { c.Email2FADefault = false })
	e.signUp("proxied@example.com")
	return e
}

// TestClientSetForwardedForIgnored: behind trusted proxies the client is
// the first address from the right that no trusted proxy has; what the
// client itself wrote to the left of it is never taken.
func TestClientSetForwardedForIgnored(t *testing.T) {
	e := proxyEnv(t, "10.0.0.0/8, 192.0.2.10")
	for _, c := range []struct{ remote, xff, want string }{
		{"192.0.2.10:4000", "6.6.6.6, 203.0.113.7", "203.0.113.7"},                 // one proxy appended the client
		{"10.0.0.5:4000", "6.6.6.6, 203.0.113.8, 192.0.2.10", "203.0.113.8"},       // two proxies
		{"10.0.0.5:4000", "6.6.6.6,203.0.113.9:5555, 10.9.9.9", "203.0.113.9"},     // a port on an entry
		{"10.0.0.5:4000", "6.6.6.6, not-an-address, 10.9.9.9", "10.9.9.9"},         // garbage: stop at the last proxy
		{"[::ffff:10.0.0.5]:4000", "6.6.6.6, ::ffff:203.0.113.10", "203.0.113.10"}, // mapped forms
		{"10.0.0.5:4000", "", "10.0.0.5"},                                          // no header: the peer
	} {
		if got := e.loginAddress(c.remote, c.xff, "proxied@example.com"); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %q, want %q", c.remote, c.xff, got, c.want)
		}
	}
}

// TestUntrustedPeerForwardedForIgnored: X-Forwarded-For from a peer that
// is not a listed proxy is not read, with no proxies listed at all or
// with other proxies listed.
func TestUntrustedPeerForwardedForIgnored(t *testing.T) {
	for _, proxies := range []string{"", "10.0.0.0/8"} {
		e := proxyEnv(t, proxies)
		if got := e.loginAddress("198.51.100.4:4000", "203.0.113.7", "proxied@example.com"); got != "198.51.100.4" {
			t.Errorf("proxies %q: a client's own X-Forwarded-For gave it the address %q, want its peer address 198.51.100.4", proxies, got)
		}
	}
}

// TestMappedAddressOneLimit: an IPv4 address and its IPv4-mapped IPv6
// form are one client for the login limit, as peer and as forwarded entry.
func TestMappedAddressOneLimit(t *testing.T) {
	for _, c := range []struct {
		name          string
		plain, mapped [2]string // peer, X-Forwarded-For
	}{
		{"peer", [2]string{"198.51.100.4:4000", ""}, [2]string{"[::ffff:198.51.100.4]:4000", ""}},
		{"forwarded", [2]string{"10.0.0.5:4000", "203.0.113.7"}, [2]string{"10.0.0.5:4000", "::ffff:203.0.113.7"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := proxyEnv(t, "10.0.0.0/8")
			wrong := map[string]string{"email": "proxied@example.com", "password": "not the password"}
			for i := range core.DefaultConfig().LoginLimit.Free {
				via := c.plain
				if i%2 == 1 {
					via = c.mapped
				}
				e.expect(e.from(via[0], via[1], "POST", "/api/v1/login", "", wrong), 401, "invalid-credentials")
			}
			right := map[string]string{"email": "proxied@example.com", "password": testPassword}
			for _, via := range [][2]string{c.plain, c.mapped} {
				e.expect(e.from(via[0], via[1], "POST", "/api/v1/login", "", right), 429, "too-many-attempts")
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.0.0.1/8, 192.0.2.1,::1, fd00::/8,,::ffff:198.51.100.0/120 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("::1/128"),
		netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("198.51.100.0/24"),
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example.com", "10.0.0", "fe80::1%eth0", "::ffff:0:0/80"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
