package server

import (
	"net/http"
	"time"
)

// Cookie names. The session cookie holds the same bearer token API clients
// send in the Authorization header.
const (
	sessionCookie   = "twofa_session"
	challengeCookie = "twofa_challenge"
	deviceCookie    = "twofa_device"
	// knownCookie holds the known-device token: it marks the browser as one
	// that has logged in to the account before, which gives it limits of
	// its own (it skips nothing, unlike deviceCookie).
	knownCookie = "twofa_known"
)

func (s *server) setCookie(w http.ResponseWriter, name, value string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     name,
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
		Name:     name,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}
