package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
)

type principalKey struct{}

// bearerToken returns the token of an "Authorization: Bearer" header, or
// "" when there is none (another scheme, such as the Basic credentials of
// a proxy in front, is not ours to read).
func bearerToken(r *http.Request) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(tok)
	}
	return ""
}

// sessionToken finds the session token: a Bearer header first, then the
// session cookie.
func (s *server) sessionToken(r *http.Request) string {
	if tok := bearerToken(r); tok != "" {
		return tok
	}
	return s.cookieValue(r, sessionCookie)
}

// requireAPIUser answers 401 unauthenticated unless the request carries a
// live session, and 403 2fa-enrollment-required when the enforcement
// setting restricts the session to setting up an authenticator app (see
// enrollmentRoutes).
func (s *server) requireAPIUser(next func(http.ResponseWriter, *http.Request, *core.Principal)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.svc.Authenticate(r.Context(), s.sessionToken(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if s.restricted(r, p) {
			s.apiError(w, r, core.ErrEnrollmentRequired(), false)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), p)
	})
}

func (s *server) meta(r *http.Request) core.ClientMeta {
	return core.ClientMeta{IP: s.clientIP(r), UserAgent: userAgent(r)}
}

// proofFromHeaders reads the step-up proof of a sensitive API request.
// HTTP drops spaces around header values, so a password that begins or
// ends with a space cannot be a proof (docs/api.md says so).
func proofFromHeaders(r *http.Request) core.Proof {
	return core.Proof{
		Method: strings.ToLower(strings.TrimSpace(r.Header.Get("X-2FA-Method"))),
		Code:   strings.TrimSpace(r.Header.Get("X-2FA-Code")),
	}
}
