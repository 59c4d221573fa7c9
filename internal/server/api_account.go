package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

func (s *server) apiChangePassword() http.Handler {
	type request struct {
		CurrentPassword string `json:"currentPassword"`
		NewPassword     string `json:"newPassword"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		if err := s.svc.ChangePassword(r.Context(), p, req.CurrentPassword, req.NewPassword, proofFromHeaders(r), s.meta(r)); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

func (s *server) apiChangeEmail() http.Handler {
	type request struct {
		Email string `json:"email"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		same, err := s.svc.RequestEmailChange(r.Context(), p, req.Email, proofFromHeaders(r), s.meta(r))
		if err != nil {
			s.apiError(w, r, err, true)
			return
		}
		writeJSON(w, http.StatusAccepted, codeOnItsWay("the new address", same))
	})
}

func (s *server) apiConfirmEmail() http.Handler {
	type request struct {
		Email string `json:"email"`
		Code  string `json:"code"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		if err := s.svc.ConfirmEmailChange(r.Context(), p, req.Email, req.Code, s.meta(r)); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		s.writeAccount(w, r, p)
	})
}
