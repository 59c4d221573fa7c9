package server

import (
	"context"
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// pagePrincipal returns the user signed in by the session cookie, or nil.
// Pages read the cookie only: an Authorization header is for API clients.
func (s *server) pagePrincipal(r *http.Request) *core.Principal {
	if p, ok := r.Context().Value(principalKey{}).(*core.Principal); ok {
		return p
	}
	tok := s.cookieValue(r, sessionCookie)
	if tok == "" {
		return nil
	}
	p, err := s.svc.Authenticate(r.Context(), tok)
	if err != nil {
		if _, ok := core.AsError(err); !ok {
			s.log.Warn("page session lookup failed", "err", err)
		}
		return nil
	}
	return p
}

// requirePage runs next for a signed-in user and sends anyone else to the
// login page, dropping a stale session cookie. A session that the
// enforcement setting restricts to setting up an authenticator app goes
// to enrollmentPage instead of any page but those of the setup.
func (s *server) requirePage(next func(http.ResponseWriter, *http.Request, *core.Principal)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := s.cookieValue(r, sessionCookie)
		p, err := s.svc.Authenticate(r.Context(), tok)
		if err != nil {
			if _, ok := core.AsError(err); !ok {
				s.pageInternalError(w, r, err)
				return
			}
			if tok != "" {
				s.clearCookie(w, sessionCookie)
			}
			seeOther(w, r, "/login")
			return
		}
		if s.restricted(r, p) {
			seeOther(w, r, enrollmentPage)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), p)
	})
}

// startSession hands a finished login to the browser: the session cookie,
// and the trusted-device cookie when the user asked to be remembered. The
// browser then goes on to rd (checked by safeReturn; "" for none).
func (s *server) startSession(w http.ResponseWriter, r *http.Request, sess *core.IssuedSession, rd string) {
	cfg := s.svc.Config()
	s.clearCookie(w, challengeCookie)
	s.setCookie(w, sessionCookie, sess.Token, cfg.SessionTTL)
	if sess.DeviceToken != "" {
		s.setCookie(w, deviceCookie, sess.DeviceToken, cfg.TrustedDeviceTTL)
	}
	s.keepKnown(w, r, sess)
	if !s.sendOn(w, r, &core.Principal{User: sess.User, Session: sess.Session}, rd) {
		seeOther(w, r, "/account/security")
	}
}

// keepKnown stores the known-device token of a finished login in its
// cookie: a new one, or the one the browser sent again (the login came
// from that known device), so its lifetime starts over.
func (s *server) keepKnown(w http.ResponseWriter, r *http.Request, sess *core.IssuedSession) {
	ttl := s.svc.Config().KnownDeviceTTL
	switch {
	case sess.KnownDevice != "":
		s.setCookie(w, knownCookie, sess.KnownDevice, ttl)
	case sess.Session.KnownDeviceID != "":
		if tok := s.cookieValue(r, knownCookie); tok != "" {
			s.setCookie(w, knownCookie, tok, ttl)
		}
	}
}

// seeOther redirects with 303, so the browser follows with a GET.
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// readForm parses a posted form. It answers 413 for a body over the limit
// and 400 for one that cannot be read, and then returns false.
func (s *server) readForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	if err == nil {
		return true
	}
	if isBodyTooLarge(err) {
		s.renderError(w, r, http.StatusRequestEntityTooLarge, "The form sent is larger than 64 KiB.")
		return false
	}
	s.renderError(w, r, http.StatusBadRequest, "The form sent could not be read.")
	return false
}
