package server

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestUserAgentStorable: whatever bytes a client sends as User-Agent, what
// is kept is valid UTF-8 of at most maxUserAgent bytes (PostgreSQL text
// refuses anything else, which would fail the login that stores it).
func TestUserAgentStorable(t *testing.T) {
	for _, ua := range []string{
		"Mozilla/5.0",
		"bad \xff\xfe bytes",
		strings.Repeat("é", 200),       // 400 bytes: the cut falls inside a character
		"a" + strings.Repeat("€", 100), // 301 bytes, cut inside a 3-byte character
		strings.Repeat("x", 1000),
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("User-Agent", ua)
		got := userAgent(r)
		if !utf8.ValidString(got) || len(got) > maxUserAgent {
			t.Errorf("User-Agent %.20q... kept as %d bytes, valid UTF-8 %v", ua, len(got), utf8.ValidString(got))
		}
		if len(ua) <= maxUserAgent && utf8.ValidString(ua) && got != ua {
			t.Errorf("a short valid User-Agent %q was changed to %q", ua, got)
		}
		if len(ua) > maxUserAgent && len(got) < maxUserAgent-3 {
			t.Errorf("User-Agent cut to %d bytes, more than one character short of %d", len(got), maxUserAgent)
		}
	}
}
