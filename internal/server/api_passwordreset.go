package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// resetRequestedMessage answers every "Forgot password?" request alike,
// whether the address has an account or not.
var resetRequestedMessage = "if an account has this address, a link to choose a new password is on its way to it; " +
	"the link works once, within " + core.HumanDuration(core.PasswordResetTTL)

// apiPasswordForgot asks for a reset link. It answers 202 for every
// address, known or not, and also when a limit keeps the mail back; only a
// missing or empty email is refused.
func (s *server) apiPasswordForgot() http.Handler {
	type request struct {
		Email string `json:"email"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if err := s.svc.RequestPasswordReset(r.Context(), req.Email, s.meta(r)); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusAccepted, map[string]string{"message": resetRequestedMessage})
	})
}

// apiPasswordReset sets a new password with the token of a reset link. No
// session is needed, the token is the proof, and none is made: the next
// login asks for the second factor as usual.
func (s *server) apiPasswordReset() http.Handler {
	type request struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if err := s.svc.ResetPassword(r.Context(), req.Token, req.Password, s.meta(r)); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
