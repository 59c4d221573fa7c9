package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// webauthnKeyJSON is a security key or passkey in the API.
type webauthnKeyJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Passkey    bool       `json:"passkey"`
	Synced     bool       `json:"synced"`
	Transports []string   `json:"transports"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt *time.Time `json:"lastUsedAt"`
}

func toWebAuthnKeyJSON(k core.WebAuthnCredential) webauthnKeyJSON {
	out := webauthnKeyJSON{ID: k.ID, Name: k.Name, Passkey: k.Discoverable, Synced: k.BackupState,
		Transports: k.Transports, CreatedAt: k.CreatedAt}
	if out.Transports == nil {
		out.Transports = []string{}
	}
	if !k.LastUsedAt.IsZero() {
		t := k.LastUsedAt
		out.LastUsedAt = &t
	}
	return out
}

// optionsBody answers a begun ceremony: the options to pass to
// navigator.credentials (after decoding their base64url fields).
func optionsBody(opts json.RawMessage) map[string]json.RawMessage {
	return map[string]json.RawMessage{"options": opts}
}

// writeOptions answers a request that began a ceremony.
func (s *server) writeOptions(w http.ResponseWriter, r *http.Request, opts json.RawMessage, err error) {
	if err != nil {
		s.apiError(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusOK, optionsBody(opts))
}

func (s *server) apiWebAuthnLoginBegin() http.Handler {
	type request struct {
		Challenge string `json:"challenge"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if req.Challenge == "" { // the login pages keep it in a cookie
			req.Challenge = s.cookieValue(r, challengeCookie)
		}
		opts, err := s.svc.BeginWebAuthnLogin(r.Context(), req.Challenge, s.meta(r))
		s.writeOptions(w, r, opts, err)
	})
}

func (s *server) apiWebAuthnLoginFinish() http.Handler {
	type request struct {
		Challenge      string          `json:"challenge"`
		Credential     json.RawMessage `json:"credential"`
		RememberDevice bool            `json:"rememberDevice"`
	}
	return finishLogin(s, func(r *http.Request, req *request) (*core.IssuedSession, error) {
		return s.svc.CompleteLogin(r.Context(), core.SecondStep{
			Challenge: req.Challenge, Method: core.MethodWebAuthn, Code: string(req.Credential), RememberDevice: req.RememberDevice,
		}, s.meta(r))
	})
}

func (s *server) apiPasskeyBegin() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := decodeJSON(r, &struct{}{}); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		opts, err := s.svc.BeginPasskeyLogin(r.Context(), s.meta(r))
		s.writeOptions(w, r, opts, err)
	})
}

func (s *server) apiPasskeyFinish() http.Handler {
	type request struct {
		Credential json.RawMessage `json:"credential"`
	}
	return finishLogin(s, func(r *http.Request, req *request) (*core.IssuedSession, error) {
		return s.svc.FinishPasskeyLogin(r.Context(), string(req.Credential), s.meta(r))
	})
}

func (s *server) apiWebAuthnList() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		keys, err := s.svc.WebAuthnCredentials(r.Context(), p)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := make([]webauthnKeyJSON, 0, len(keys))
		for _, k := range keys {
			out = append(out, toWebAuthnKeyJSON(k))
		}
		writeJSON(w, http.StatusOK, map[string]any{"credentials": out, "passwordSet": p.User.PasswordHash != ""})
	})
}

// apiWebAuthnRegisterBegin starts adding a key. Like an authenticator
// app's setup it needs a proof in the X-2FA headers.
func (s *server) apiWebAuthnRegisterBegin() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		opts, err := s.svc.BeginWebAuthnRegistration(r.Context(), p, proof, s.meta(r))
		if err != nil {
			return nil, err
		}
		return optionsBody(opts), nil
	})
}

func (s *server) apiWebAuthnRegisterFinish() http.Handler {
	type request struct {
		Credential json.RawMessage `json:"credential"`
		Name       string          `json:"name"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		key, err := s.svc.FinishWebAuthnRegistration(r.Context(), p, string(req.Credential), req.Name, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"credential": toWebAuthnKeyJSON(*key)})
	})
}

func (s *server) apiWebAuthnRename() http.Handler {
	type request struct {
		Name string `json:"name"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		key, err := s.svc.RenameWebAuthnCredential(r.Context(), p, r.PathValue("id"), req.Name, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"credential": toWebAuthnKeyJSON(*key)})
	})
}

func (s *server) apiWebAuthnRemove() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		return map[string]bool{"removed": true}, s.svc.RemoveWebAuthnCredential(r.Context(), p, r.PathValue("id"), proof, s.meta(r))
	})
}

// apiWebAuthnStepUpBegin starts a proof with a security key; the
// sensitive request then carries X-2FA-Method: webauthn and the
// credential JSON in X-2FA-Code.
func (s *server) apiWebAuthnStepUpBegin() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if err := decodeJSON(r, &struct{}{}); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		opts, err := s.svc.BeginWebAuthnStepUp(r.Context(), p, s.meta(r))
		s.writeOptions(w, r, opts, err)
	})
}

func (s *server) apiPasswordRemove() http.Handler {
	return s.sensitive(func(r *http.Request, p *core.Principal, proof core.Proof) (any, error) {
		return map[string]bool{"passwordSet": false}, s.svc.RemovePassword(r.Context(), p, proof, s.meta(r))
	})
}
