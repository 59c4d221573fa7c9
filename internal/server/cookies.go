package server

import (
	"net/http"
	"time"
)

// Cookie names, as sent over http. Under an https --base-url every cookie
// carries the __Host- prefix (see cookieName). The session cookie holds the
// same bearer token API clients send in the Authorization header.
const (
	sessionCookie   = "twofa_session"
	challengeCookie = "twofa_challenge"
	deviceCookie    = "twofa_device"
	// knownCookie holds the known-device token: it marks the browser as one
	// that has logged in to the account before, which gives it limits of
	// its own (it skips nothing, unlike deviceCookie).
	knownCookie = "twofa_known"
)

// hostPrefix is the cookie name prefix browsers accept only from a secure
// origin, on a cookie that is Secure, has Path=/ and names no Domain: such
// a cookie can be neither set nor overwritten by a sibling subdomain or by
// a plain-http page of the same host.
const hostPrefix = "__Host-"

// cookieName is the wire name of the cookie called name: with the __Host-
// prefix under https (cookies are Secure then), as is under http, where
// browsers would refuse the prefix.
func (s *server) cookieName(name string) string {
	if s.secure {
		return hostPrefix + name
	}
	return name
}

func (s *server) setCookie(w http.ResponseWriter, name, value string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName(name),
		Value:    value,
		Path:     "/",
		MaxAge:   int(ttl.Seconds()),
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName(name),
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// cookieValue is the value of the cookie called name, read under its wire
// name only: under https an unprefixed cookie of the same name, which
// anyone able to set cookies for the host could have planted, is ignored.
func (s *server) cookieValue(r *http.Request, name string) string {
	return rawCookie(r, s.cookieName(name))
}

// rawCookie is the value of the cookie with exactly this wire name, or "".
func rawCookie(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}
