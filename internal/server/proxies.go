package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// LoopbackProxies are the addresses of this machine: 127.0.0.0/8 and ::1.
// They are what the old --trust-proxy switch trusts.
func LoopbackProxies() []netip.Prefix {
	return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// ParseTrustedProxies reads a comma-separated list of CIDR prefixes
// (10.0.0.0/8, fd00::/8) and single addresses (taken as /32 or /128).
// IPv4-mapped IPv6 forms are read as the IPv4 they name. Empty items are
// skipped; anything else that is not an address or prefix is an error.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := parseProxy(item)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parseProxy(item string) (netip.Prefix, error) {
	bad := fmt.Errorf("%q is not an IP address or CIDR prefix such as 10.0.0.0/8 or fd00::/8", item)
	if !strings.Contains(item, "/") {
		a, err := netip.ParseAddr(item)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, bad
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(item)
	if err != nil {
		return netip.Prefix{}, bad
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return netip.Prefix{}, fmt.Errorf("%q is an IPv4-mapped prefix shorter than /96; write the IPv4 prefix instead", item)
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// trusted says whether a is the address of a listed proxy.
func (s *server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientIP is the address limits and the audit trail use. It starts from
// the TCP peer; while the current hop is a trusted proxy, it steps to the
// next X-Forwarded-For entry from the right, which that proxy wrote. The
// first address that is not a trusted proxy is the client; entries to its
// left were written by the client or by proxies nobody listed, and are
// never read. IPv4-mapped IPv6 addresses count as the IPv4 they name.
func (s *server) clientIP(r *http.Request) string {
	addr, ok := hopAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !s.trusted(addr) {
		return addr.String()
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		next, ok := hopAddr(strings.TrimSpace(hops[i]))
		if !ok {
			break // not an address: nothing to its left can be believed
		}
		addr = next
		if !s.trusted(addr) {
			break
		}
	}
	return addr.String()
}

// hopAddr reads one address as a peer or proxy reports it: bare, or with a
// port (1.2.3.4:5, [::1]:5). The zone is dropped and IPv4-mapped IPv6 is
// turned into IPv4, so both forms of one client are one address.
func hopAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		host, _, serr := net.SplitHostPort(s)
		if serr != nil {
			return netip.Addr{}, false
		}
		if a, err = netip.ParseAddr(host); err != nil {
			return netip.Addr{}, false
		}
	}
	return a.Unmap().WithZone(""), true
}
