package server

import (
	"net/http"
	"strconv"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/totp"
)

func (s *server) apiMe() http.Handler {
	return s.requireAPIUser(s.writeAccount)
}

// writeAccount answers the account of p as User JSON.
func (s *server) writeAccount(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	a, err := s.svc.Account(r.Context(), p)
	if err != nil {
		s.apiError(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusOK, toUserJSON(a))
}

// apiTOTPSetup starts an enrolment. It always needs a proof in the X-2FA
// headers, as sensitive actions do.
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

// apiTOTPVerify confirms this session's pending enrolment; the proof that
// starting it needed carries over, for this session only.
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
		codes, err := s.svc.ConfirmTOTP(r.Context(), p, req.Code, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
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

// apiEvents answers one page of the audit trail: ?before=<next of the
// previous page>&limit=N.
func (s *server) apiEvents() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		limit, err := queryLimit(r, core.MaxEventPage)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		page, err := s.svc.Events(r.Context(), p, r.URL.Query().Get("before"), limit)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		body := map[string]any{"events": toEventsJSON(page.Entries)}
		if page.Next != "" {
			body["next"] = page.Next
		}
		writeJSON(w, http.StatusOK, body)
	})
}

// queryLimit reads the query parameter limit: a whole number from 1 to
// most, or 0 when it is left out.
func queryLimit(r *http.Request, most int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > most {
		return 0, badRequest("limit", "must be a whole number from 1 to %d", most)
	}
	return n, nil
}

// apiSessions lists the account's active sessions.
func (s *server) apiSessions() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		list, err := s.svc.Sessions(r.Context(), p)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := make([]activeSessionJSON, 0, len(list))
		for _, x := range list {
			out = append(out, activeSessionJSON{ID: x.ID, CreatedAt: x.CreatedAt, LastSeen: x.LastSeen, ExpiresAt: x.ExpiresAt,
				IP: x.IP, UserAgent: x.UserAgent, Device: describeBrowser(x.UserAgent), Current: x.Current})
		}
		writeJSON(w, http.StatusOK, map[string]any{"sessions": out})
	})
}

// apiSessionEnd ends one session of the account ({id}), or with others
// set every session but the one making the request.
func (s *server) apiSessionEnd(others bool) http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var err error
		if others {
			err = s.svc.EndOtherSessions(r.Context(), p, s.meta(r))
		} else {
			err = s.svc.EndSession(r.Context(), p, r.PathValue("id"), s.meta(r))
		}
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		w.WriteHeader(http.StatusNoContent)
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
