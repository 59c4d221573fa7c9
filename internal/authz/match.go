package authz

import (
	"path"
	"strings"
)

// hostPattern is a host name, or "*." and a domain for every name below
// that domain (at any depth, but not the domain itself).
type hostPattern string

// matches reports whether host (already normalised by NormalizeHost) fits
// the pattern.
func (p hostPattern) matches(host string) bool {
	if domain, ok := strings.CutPrefix(string(p), "*."); ok {
		return strings.HasSuffix(host, "."+domain)
	}
	return host == string(p)
}

// pathPrefix is a path prefix that ends at a segment boundary: "/admin"
// matches /admin, /admin/ and /admin/users but not /administrator; "/"
// matches every path. A prefix that ends in "/" ("/admin/") does not match
// the path without it (/admin).
type pathPrefix string

func (p pathPrefix) matches(clean string) bool {
	s := string(p)
	if !strings.HasPrefix(clean, s) {
		return false
	}
	return len(clean) == len(s) || strings.HasSuffix(s, "/") || clean[len(s)] == '/'
}

// NormalizeHost lower-cases an ASCII host name and drops a port and a
// trailing dot, so that "App.Example.COM.:443" is "app.example.com". An
// IPv6 literal loses its brackets.
func NormalizeHost(host string) string {
	host = strings.TrimSpace(host)
	if strings.HasPrefix(host, "[") {
		if end := strings.IndexByte(host, ']'); end > 0 {
			return strings.ToLower(host[1:end])
		}
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.Count(host, ":") == 1 {
		host = host[:i]
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// CleanPath is the path rules are matched against: rooted, with "." and
// ".." segments and repeated slashes resolved, so /public/../admin is
// /admin. Give it the decoded path (url.URL.Path), so that an encoded
// slash or dot cannot hide a segment either. Path parameters go first:
// each segment loses everything from its first ";", as Tomcat and Jetty
// drop them before they serve a path, so /public/..;/admin is /admin and
// /admin;x is /admin.
func CleanPath(p string) string {
	p = dropParams(p)
	if p == "" {
		return "/"
	}
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// dropParams cuts every segment of p at its first ";".
func dropParams(p string) string {
	if !strings.Contains(p, ";") {
		return p
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		segs[i], _, _ = strings.Cut(seg, ";")
	}
	return strings.Join(segs, "/")
}
