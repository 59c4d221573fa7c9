package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// readyTimeout bounds the database check of /readyz.
const readyTimeout = 3 * time.Second

// routes lists every route twofa serves.
func (s *server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)

	// JSON API.
	mux.Handle("POST /api/v1/signup", s.apiSignUp())
	mux.Handle("POST /api/v1/login", s.apiLogin())
	mux.Handle("POST /api/v1/login/2fa", s.apiLoginSecondFactor())
	mux.Handle("POST /api/v1/login/2fa/email", s.apiLoginEmailCode())
	mux.Handle("POST /api/v1/logout", s.apiLogout())
	mux.Handle("POST /api/v1/email/undo", s.apiEmailUndo())
	mux.Handle("POST /api/v1/password/forgot", s.apiPasswordForgot())
	mux.Handle("POST /api/v1/password/reset", s.apiPasswordReset())
	mux.Handle("GET /api/v1/me", s.apiMe())
	mux.Handle("DELETE /api/v1/me", s.apiDeleteAccount())
	mux.Handle("GET /api/v1/me/events", s.apiEvents())
	mux.Handle("POST /api/v1/me/language", s.apiSetLanguage())
	mux.Handle("POST /api/v1/me/2fa/totp/setup", s.apiTOTPSetup())
	mux.Handle("POST /api/v1/me/2fa/totp/verify", s.apiTOTPVerify())
	mux.Handle("POST /api/v1/me/2fa/totp/disable", s.apiTOTPDisable())
	mux.Handle("POST /api/v1/me/2fa/email/enable", s.apiEmailEnable())
	mux.Handle("POST /api/v1/me/2fa/email/disable", s.apiEmailDisable())
	mux.Handle("POST /api/v1/me/2fa/recovery-codes", s.apiRecoveryRegenerate())
	mux.Handle("POST /api/v1/me/password", s.apiChangePassword())
	mux.Handle("POST /api/v1/me/email", s.apiChangeEmail())
	mux.Handle("POST /api/v1/me/email/confirm", s.apiConfirmEmail())
	mux.Handle("GET /api/v1/me/devices", s.apiDevices())
	mux.Handle("DELETE /api/v1/me/devices", s.apiDeviceRevoke(true))
	mux.Handle("DELETE /api/v1/me/devices/{id}", s.apiDeviceRevoke(false))
	mux.Handle("GET /api/v1/me/sessions", s.apiSessions())
	mux.Handle("DELETE /api/v1/me/sessions", s.apiSessionEnd(true))
	mux.Handle("DELETE /api/v1/me/sessions/{id}", s.apiSessionEnd(false))
	mux.Handle("GET /api/v1/me/apps", s.apiApps())
	mux.Handle("DELETE /api/v1/me/apps/{clientId}", s.apiAppRevoke())
	mux.Handle("GET /api/v1/authz/auth-request", s.apiAuthRequest())
	mux.Handle("GET /api/v1/authz/forward-auth", s.apiForwardAuth())
	mux.Handle("GET /api/v1/admin/settings", s.apiSettings())
	mux.Handle("PUT /api/v1/admin/settings", s.apiSettingsUpdate())
	// Administration: administrators only; changes need a recent second
	// factor of the administrator (see admin_actions.go to add one).
	mux.Handle("GET /api/v1/admin/dashboard", s.apiAdminDashboard())
	mux.Handle("GET /api/v1/admin/users", s.apiAdminUsers())
	mux.Handle("GET /api/v1/admin/users/{id}", s.apiAdminUser())
	mux.Handle("POST /api/v1/admin/users/{id}/reset-2fa", serveUserAction(s, resetTwoFactorAction))
	mux.Handle("POST /api/v1/admin/users/{id}/unlock", serveUserAction(s, unlockAction))
	mux.Handle("POST /api/v1/admin/users/{id}/end-sessions", serveUserAction(s, endSessionsAction))
	mux.Handle("POST /api/v1/admin/users/{id}/disable", serveUserAction(s, disableAction))
	mux.Handle("POST /api/v1/admin/users/{id}/enable", serveUserAction(s, enableAction))
	mux.Handle("POST /api/v1/admin/users/{id}/role", serveUserAction(s, roleAction))
	mux.Handle("POST /api/v1/admin/users/{id}/send-password-reset", serveUserAction(s, passwordResetAction))
	mux.Handle("POST /api/v1/admin/users/{id}/delete", serveUserAction(s, deleteAction))
	// Security keys and passkeys (api_webauthn.go).
	mux.Handle("POST /api/v1/login/2fa/webauthn/begin", s.apiWebAuthnLoginBegin())
	mux.Handle("POST /api/v1/login/2fa/webauthn/finish", s.apiWebAuthnLoginFinish())
	mux.Handle("POST /api/v1/login/passkey/begin", s.apiPasskeyBegin())
	mux.Handle("POST /api/v1/login/passkey/finish", s.apiPasskeyFinish())
	mux.Handle("GET /api/v1/me/webauthn/credentials", s.apiWebAuthnList())
	mux.Handle("POST /api/v1/me/webauthn/register/begin", s.apiWebAuthnRegisterBegin())
	mux.Handle("POST /api/v1/me/webauthn/register/finish", s.apiWebAuthnRegisterFinish())
	mux.Handle("PUT /api/v1/me/webauthn/credentials/{id}", s.apiWebAuthnRename())
	mux.Handle("DELETE /api/v1/me/webauthn/credentials/{id}", s.apiWebAuthnRemove())
	mux.Handle("POST /api/v1/me/webauthn/step-up/begin", s.apiWebAuthnStepUpBegin())
	mux.Handle("DELETE /api/v1/me/password", s.apiPasswordRemove())
	mux.Handle("/api/", s.apiNoRoute(mux))

	// OpenID Connect provider, when configured.
	if s.oidc != nil {
		s.oidcRoutes(mux)
	}

	// Pages.
	s.pageRoutes(mux)
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.version})
}

// readyz answers 503 while the database does not answer, so a load
// balancer sends traffic elsewhere; /healthz only says the process lives.
// It also shows the mail outbox's backlog: mail that does not go out is a
// fault to look into, but the instance still serves, so it stays 200.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.svc.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: "not-ready", Message: "the database does not answer"})
		return
	}
	body := map[string]any{"status": "ready"}
	if b, err := s.svc.MailBacklog(ctx); err != nil {
		s.log.Warn("mail backlog not read", "err", err)
	} else {
		oldest := 0
		if !b.Oldest.IsZero() {
			oldest = max(int(s.svc.Now().Sub(b.Oldest).Seconds()), 0)
		}
		body["mailBacklog"] = b.Count
		body["oldestMailSeconds"] = oldest
	}
	if s.mailStatus != nil {
		if m := s.mailStatus(); m != nil {
			body["mail"] = m
		}
	}
	writeJSON(w, http.StatusOK, body)
}

// apiNoRoute answers unknown API routes, and known routes asked with the
// wrong method, in the API's JSON error format.
func (s *server) apiNoRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			list := strings.Join(allowed, ", ")
			w.Header().Set("Allow", list)
			writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "method-not-allowed",
				Message: apiMessage(r, core.Errorf("method-not-allowed", "%s is not allowed here; use %s", r.Method, list))})
			return
		}
		writeJSON(w, http.StatusNotFound, errorBody{Error: "not-found",
			Message: apiMessage(r, core.Errorf(core.CodeNotFound, "no API route %s; see docs/api.md", r.URL.Path))})
	})
}
