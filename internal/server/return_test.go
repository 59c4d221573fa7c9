package server

import (
	"net/url"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/authz"
)

// TestSafeReturn: a login returns only to local paths and to protected
// domains; every trick that could lead a browser elsewhere is dropped.
func TestSafeReturn(t *testing.T) {
	rules, err := authz.Parse([]byte("rules:\n  - hosts: [app.example.org, \"*.apps.example.net\"]\n    policy: one_factor\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := &server{rules: rules, cookieDomain: "example.com", ownHost: "id.example.com"}
	for rd, want := range map[string]string{
		// Accepted.
		"/account":                          "/account",
		"/oidc/continue?id=abc&x=%2F%2Fa":   "/oidc/continue?id=abc&x=%2F%2Fa",
		"/":                                 "/",
		"https://example.com/x":             "https://example.com/x",
		"https://wiki.example.com/a?b=c#d":  "https://wiki.example.com/a?b=c#d",
		"http://deep.sub.example.com:8080/": "http://deep.sub.example.com:8080/",
		"HTTPS://Wiki.Example.COM/":         "https://Wiki.Example.COM/",
		"https://wiki.example.com./":        "https://wiki.example.com./",
		"https://id.example.com/account":    "https://id.example.com/account",
		"https://app.example.org/":          "https://app.example.org/",
		"https://x.apps.example.net/":       "https://x.apps.example.net/",
		// Refused.
		"":                                     "",
		"//evil.com":                           "",
		"//evil.com/x":                         "",
		"///evil.com":                          "",
		`/\evil.com`:                           "",
		`\\evil.com`:                           "",
		`/x\y`:                                 "",
		"/\t/evil.com":                         "",
		"/\n/evil.com":                         "",
		" /account":                            "",
		"account":                              "",
		"evil.com":                             "",
		"https://evil.com/":                    "",
		"https://example.com.evil.com/":        "",
		"https://evil.com/?x=example.com":      "",
		"https://evil.com#.example.com":        "",
		"https://example.com@evil.com/":        "",
		"https://user:pw@wiki.example.com/":    "",
		"https://evil.com\\@example.com/":      "",
		"https://evil.com%2F.example.com/":     "",
		"https://wiki.example.com%00.evil/":    "",
		"https://notexample.com/":              "",
		"https://example.org/":                 "",
		"https://apps.example.net/":            "",
		"javascript:alert(1)":                  "",
		"JavaScript://example.com/%0aalert(1)": "",
		"data:text/html,hi":                    "",
		"ftp://example.com/":                   "",
		"https:example.com":                    "",
		"https:/example.com":                   "",
		"https://":                             "",
		"https://wiki.example.com:x/":          "",
		"https://wіki.example.com/":            "", // Cyrillic i
		"https://[::1]/":                       "",
	} {
		if got := s.safeReturn(rd); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", rd, got, want)
		}
	}
}

// FuzzSafeReturn: whatever rd is, safeReturn gives "" or a place a
// browser reads as this site or a protected domain.
func FuzzSafeReturn(f *testing.F) {
	for _, seed := range []string{"/account", "//evil.com", `/\evil.com`, "https://wiki.example.com/x", "https://example.com@evil.com/", "https://evil.com/?x=example.com", "javascript:alert(1)"} {
		f.Add(seed)
	}
	s := &server{rules: authz.Default(), cookieDomain: "example.com", ownHost: "id.example.com"}
	f.Fuzz(func(t *testing.T, rd string) {
		got := s.safeReturn(rd)
		if got == "" {
			return
		}
		if strings.HasPrefix(got, "/") {
			if strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n ") {
				t.Fatalf("safeReturn(%q) = %q, a browser may read it as another host", rd, got)
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
			t.Fatalf("safeReturn(%q) = %q: %v", rd, got, err)
		}
		host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
		if host != "example.com" && !strings.HasSuffix(host, ".example.com") {
			t.Fatalf("safeReturn(%q) = %q, whose host %q is not protected", rd, got, host)
		}
	})
}
