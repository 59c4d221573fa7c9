package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// requireAPIAdmin is requireAPIUser for the admin API: an account that is
// not an administrator is answered 403 forbidden.
func (s *server) requireAPIAdmin(next func(http.ResponseWriter, *http.Request, *core.Principal)) http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if err := s.svc.RequireAdmin(p); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		next(w, r, p)
	})
}

// adminAction wraps an administrative change of the admin API: the caller
// must be an administrator whose session proved a second factor recently,
// or who sends a step-up proof in the X-2FA-Method and X-2FA-Code headers
// (answered 403 2fa-required otherwise, as sensitive actions are). The
// action gets the request's JSON body decoded into a new T (struct{} for
// none) and the Operator to make the change as; it answers 200 with what
// it returns, or 204 when that is nil.
func adminAction[T any](s *server, action func(r *http.Request, op *core.Operator, req *T) (any, error)) http.Handler {
	return s.requireAPIAdmin(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		req := new(T)
		if err := decodeJSON(r, req); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		op, err := s.svc.AdminOperator(r.Context(), p, proofFromHeaders(r), s.meta(r))
		if err != nil {
			s.apiError(w, r, err, true)
			return
		}
		out, err := action(r, op, req)
		if err != nil {
			s.apiError(w, r, err, true)
			return
		}
		if out == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}
