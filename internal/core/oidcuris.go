package core

import (
	"net/url"
	"strings"
	"unicode"
)

// Bounds of a client's registered URIs.
const (
	// maxClientURIs is how many redirect (or post-logout) URIs one client
	// may register.
	maxClientURIs = 50
	// maxClientURILen is the longest URI accepted, in bytes.
	maxClientURILen = 2000
)

// normalizeClientURIs checks the URIs a client registers under field and
// returns them trimmed of surrounding spaces, without duplicates, in the
// order given. They are otherwise kept exactly as typed: a client's
// redirect_uri must later match one of them byte for byte.
func normalizeClientURIs(field string, raw []string, public bool) ([]string, error) {
	out := make([]string, 0, len(raw))
	seen := make(map[string]bool, len(raw))
	for _, r := range raw {
		u := strings.TrimSpace(r)
		if seen[u] {
			continue
		}
		if err := checkClientURI(field, u, public); err != nil {
			return nil, err
		}
		seen[u] = true
		out = append(out, u)
	}
	if len(out) > maxClientURIs {
		return nil, badRequest(field, "at most %d URIs may be registered (got %d)", maxClientURIs, len(out))
	}
	return out, nil
}

// checkClientURI enforces the rules of RFC 6749 section 3.1.2 and, for
// native apps, RFC 8252 section 7: an absolute URI without fragment or
// user information, over https; plain http only to a loopback address of
// the device itself; a private-use scheme in reverse-domain form only for
// a public client.
func checkClientURI(field, raw string, public bool) error {
	switch {
	case raw == "":
		return badRequest(field, "is empty")
	case len(raw) > maxClientURILen:
		return badRequest(field, "%.40q... is longer than %d characters", raw, maxClientURILen)
	case strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return badRequest(field, "%q contains spaces or control characters: percent-encode them", raw)
	case strings.Contains(raw, "#"):
		return badRequest(field, "%q has a fragment (#...), which a redirect URI must not have", raw)
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return badRequest(field, "%q is not an absolute URI such as https://app.example.com/callback", raw)
	}
	if u.User != nil {
		return badRequest(field, "%q has user information (user@ or user:password@), which a redirect URI must not have", raw)
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "https":
		if u.Host == "" || u.Hostname() == "" {
			return badRequest(field, "%q has no host: write it as https://host/path", raw)
		}
	case scheme == "http":
		if u.Host == "" || !isLoopbackHost(u.Hostname()) {
			return badRequest(field, "%q must use https; plain http is allowed only on this device's loopback address (localhost, 127.0.0.1 or [::1])", raw)
		}
	case strings.Contains(scheme, "."):
		if !public {
			return badRequest(field, "%q uses a private-use scheme, which only a public client (a native app) may register", raw)
		}
	default:
		return badRequest(field, "%q must use https, http on a loopback address, or (for a native app) a private-use scheme in reverse-domain form such as com.example.app:/callback", raw)
	}
	return nil
}

// isLoopbackHost tells the hosts that RFC 8252 section 7.3 lets a native
// app listen on with plain http.
func isLoopbackHost(host string) bool {
	return strings.EqualFold(host, "localhost") || host == "127.0.0.1" || host == "::1"
}
