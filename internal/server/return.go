package server

import (
	"net/url"
	"strings"

	"github.com/twofa-dev/twofa/internal/authz"
)

// maxReturnLen bounds the rd a login accepts.
const maxReturnLen = 4096

// safeReturn is where a finished login may send the browser, given rd
// from a login URL (?rd=...): rd itself when it is a local path (one "/"
// then anything but "/" or "\"), or an absolute http or https URL whose
// host is a protected domain (see protects); "" for anything else, which
// sends the browser to the Security page. Control characters, spaces and
// backslashes anywhere, user info, non-ASCII or escaped hosts are refused:
// browsers read such URLs differently from Go, which could make a URL that
// passes here lead elsewhere.
func (s *server) safeReturn(rd string) string {
	if rd == "" || len(rd) > maxReturnLen || strings.ContainsFunc(rd, func(c rune) bool {
		return c <= ' ' || c == 0x7f || c == '\\' || c > 0x7e
	}) {
		return ""
	}
	u, err := url.Parse(rd)
	if err != nil || u.User != nil || u.Opaque != "" {
		return ""
	}
	if u.Scheme == "" && u.Host == "" {
		if strings.HasPrefix(rd, "/") && !strings.HasPrefix(rd, "//") {
			return rd
		}
		return ""
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Contains(u.Host, "%") || !s.protects(u.Hostname()) {
		return ""
	}
	return u.String()
}

// protects reports whether host is a protected domain: twofa's own host,
// the --cookie-domain and its sub-domains, or a host an access rule names.
// Ports do not matter (cookies do not tell ports apart either).
func (s *server) protects(host string) bool {
	host = authz.NormalizeHost(host)
	if host == "" {
		return false
	}
	if host == s.ownHost {
		return true
	}
	if d := s.cookieDomain; d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
		return true
	}
	return s.rules.Names(host)
}
