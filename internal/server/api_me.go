package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/totp"
)

func (s *server) apiMe() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		a, err := s.svc.Account(r.Context(), p)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusOK, toUserJSON(a))
	})
}

// apiTOTPSetup starts an enrolment. A session that has not proved a second
// factor recently is asked for one first, as sensitive actions are.
func (s *server) apiTOTPSetup() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		setup, err := s.svc.BeginTOTPSetup(r.Context(), p, proof, s.meta(r))
		if err != nil {
			return nil, err
		}
		return map[string]string{
			"secret":     setup.Secret,
			"otpauthUrl": setup.URI,
			"qrPng":      totp.DataURL(setup.QRPNG),
		}, nil
	})
}

// apiTOTPVerify confirms this session's pending enrolment. It needs what
// starting one needs: a second factor proved recently in this session, or
// a proof in the X-2FA headers.
func (s *server) apiTOTPVerify() http.Handler {
	type request struct {
		Code string `json:"code"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		codes, err := s.svc.ConfirmTOTP(r.Context(), p, req.Code, proofFromHeaders(r), s.meta(r))
		if err != nil {
			// Asking for a proof is a step-up (403); a wrong code for the
			// app being enrolled stays 401, as it always was.
			e, _ := core.AsError(err)
			s.apiError(w, r, err, e != nil && e.Code == core.CodeTwoFactorRequired)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"recoveryCodes": codes})
	})
}

// sensitive wraps an action that needs a step-up proof in the X-2FA-Method
// and X-2FA-Code headers. ok is what a successful action answers.
func (s *server) sensitive(action func(r *http.Request, p *core.Principal, proof core.Proof) (any, error)) http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if err := decodeJSON(r, &struct{}{}); err != nil {
			s.apiError(w, r, err, true)
			return
		}
		out, err := action(r, p, proofFromHeaders(r))
		if err != nil {
			s.apiError(w, r, err, true)
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func (s *server) apiTOTPDisable() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		return map[string]bool{"enabled": false}, s.svc.DisableTOTP(r.Context(), p, proof, s.meta(r))
	})
}

func (s *server) apiEmailDisable() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		return map[string]bool{"enabled": false}, s.svc.DisableEmail2FA(r.Context(), p, proof, s.meta(r))
	})
}

func (s *server) apiRecoveryRegenerate() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		codes, err := s.svc.RegenerateRecoveryCodes(r.Context(), p, proof, s.meta(r))
		return map[string]any{"recoveryCodes": codes}, err
	})
}

func (s *server) apiEmailEnable() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if err := decodeJSON(r, &struct{}{}); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if err := s.svc.EnableEmail2FA(r.Context(), p, s.meta(r)); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"enabled": true})
	})
}

func (s *server) apiEvents() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		evs, err := s.svc.Events(r.Context(), p, 50)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := make([]eventJSON, 0, len(evs))
		for _, e := range evs {
			out = append(out, eventJSON{Type: e.Type, At: e.At, IP: e.IP, UserAgent: e.UserAgent, Detail: e.Detail})
		}
		writeJSON(w, http.StatusOK, map[string]any{"events": out})
	})
}

func (s *server) apiDevices() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		ds, err := s.svc.TrustedDevices(r.Context(), p)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := make([]deviceJSON, 0, len(ds))
		for _, d := range ds {
			out = append(out, deviceJSON{ID: d.ID, CreatedAt: d.CreatedAt, ExpiresAt: d.ExpiresAt, LastUsed: d.LastUsed, IP: d.IP, UserAgent: d.UserAgent})
		}
		writeJSON(w, http.StatusOK, map[string]any{"devices": out})
	})
}

func (s *server) apiDeviceRevoke(all bool) http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		id := ""
		if !all {
			id = r.PathValue("id")
		}
		if err := s.svc.RevokeTrustedDevice(r.Context(), p, id, s.meta(r)); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
