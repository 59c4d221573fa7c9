package server

import (
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
