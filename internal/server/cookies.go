package server

import (
	"net/http"
	"time"
)

// Cookie names, as sent over http. Under an https --base-url every cookie
// carries the __Host- prefix, or the session cookie __Secure- when it is
// set for a --cookie-domain (see cookieName). The session cookie holds the
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

// securePrefix is the prefix of a Secure cookie that names a Domain: the
// session cookie under a --cookie-domain. Browsers accept it only from a
// secure origin, so a plain-http page cannot set or overwrite it, but any
// host of the domain served over https can.
const securePrefix = "__Secure-"

// cookieName is the wire name of the cookie called name: with the __Host-
// prefix under https (cookies are Secure then), or __Secure- for the
// session cookie when it has a Domain; as is under http, where browsers
// would refuse the prefixes.
func (s *server) cookieName(name string) string {
	switch {
	case !s.secure:
		return name
	case s.cookieDomainOf(name) != "":
		return securePrefix + name
	}
	return hostPrefix + name
}

// cookieDomainOf is the Domain attribute of the cookie called name: the
// --cookie-domain for the session cookie, which the protected sites'
// forward-auth checks read, and none (host-only) for every other cookie.
func (s *server) cookieDomainOf(name string) string {
	if name == sessionCookie {
		return s.cookieDomain
	}
	return ""
}

func (s *server) setCookie(w http.ResponseWriter, name, value string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName(name),
		Value:    value,
		Path:     "/",
		Domain:   s.cookieDomainOf(name),
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
		Domain:   s.cookieDomainOf(name),
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
