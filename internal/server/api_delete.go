package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// apiDeleteAccount deletes the signed-in account: the current password in
// the body and, when the account has a second factor, a step-up proof in
// the X-2FA headers with this very request. It answers 204 and clears the
// session cookie.
func (s *server) apiDeleteAccount() http.Handler {
	type request struct {
		Password string `json:"password"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		if err := s.svc.DeleteAccount(r.Context(), p, req.Password, proofFromHeaders(r), s.meta(r)); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		s.clearCookie(w, sessionCookie)
		w.WriteHeader(http.StatusNoContent)
	})
}
