package server

import (
	"net/http"
)

// pages renders the server-side HTML: parsed templates and embedded static
// assets, both loaded once at start.
type pages struct {
	tmpl   templates
	static map[string]staticFile
}

func newPages() (*pages, error) {
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	st, err := loadStatic()
	if err != nil {
		return nil, err
	}
	return &pages{tmpl: t, static: st}, nil
}

// pageRoutes lists every route of the web pages. Handlers that change state
// answer with a 303 redirect, so reloading the next page repeats nothing.
func (s *server) pageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{name}", s.serveStatic)
	mux.HandleFunc("GET /{$}", s.pageHome)

	mux.HandleFunc("GET /signup", s.pageSignUp)
	mux.HandleFunc("POST /signup", s.pageSignUpPost)
	mux.HandleFunc("GET /login", s.pageLogin)
	mux.HandleFunc("POST /login", s.pageLoginPost)
	mux.HandleFunc("GET /login/2fa", s.pageSecondFactor)
	mux.HandleFunc("POST /login/2fa", s.pageSecondFactorPost)
	mux.HandleFunc("POST /login/2fa/email", s.pageSecondFactorEmail)
	mux.HandleFunc("POST /logout", s.pageLogout)
	mux.HandleFunc("GET /email/undo", s.pageEmailUndo)
	mux.HandleFunc("POST /email/undo", s.pageEmailUndoPost)
	mux.HandleFunc("GET /password/forgot", s.pagePasswordForgot)
	mux.HandleFunc("POST /password/forgot", s.pagePasswordForgotPost)
	mux.HandleFunc("GET /password/reset", s.pagePasswordReset)
	mux.HandleFunc("POST /password/reset", s.pagePasswordResetPost)

	mux.Handle("GET /account", s.requirePage(s.pageAccount))
	mux.Handle("POST /account/password", s.requirePage(s.pagePasswordChange))
	mux.Handle("POST /account/password/confirm", s.requirePage(s.sensitivePage(confirmForPassword)))
	mux.Handle("POST /account/email", s.requirePage(s.pageEmailChange))
	mux.Handle("POST /account/email/confirm", s.requirePage(s.pageEmailConfirm))
	mux.Handle("POST /account/language", s.requirePage(s.pageLanguagePost))
	mux.Handle("GET /account/security", s.requirePage(s.pageSecurity))
	mux.Handle("GET /account/security/totp/setup", s.requirePage(s.pageTOTPPending))
	mux.Handle("POST /account/security/totp/setup", s.requirePage(s.pageTOTPSetup))
	mux.Handle("POST /account/security/totp/verify", s.requirePage(s.pageTOTPVerify))
	mux.Handle("POST /account/security/totp/disable", s.requirePage(s.sensitivePage(disableTOTPAction)))
	mux.Handle("POST /account/security/email/enable", s.requirePage(s.pageEmailEnable))
	mux.Handle("POST /account/security/email/disable", s.requirePage(s.sensitivePage(disableEmailAction)))
	mux.Handle("POST /account/security/recovery-codes", s.requirePage(s.sensitivePage(regenerateAction)))
	mux.Handle("POST /account/security/devices/revoke", s.requirePage(s.pageDeviceRevoke))
	mux.Handle("POST /account/security/sessions/end", s.requirePage(s.pageSessionEnd))
	mux.Handle("POST /account/security/sessions/end-others", s.requirePage(s.pageSessionsEndOthers))
	// Security keys and passkeys (page_webauthn.go).
	mux.HandleFunc("POST /login/passkey", s.pagePasskeyLogin)
	mux.Handle("POST /account/security/keys/add", s.requirePage(s.pageKeyAdd))
	mux.Handle("POST /account/security/keys/register", s.requirePage(s.pageKeyRegister()))
	mux.Handle("POST /account/security/keys/rename", s.requirePage(s.pageKeyRename()))
	mux.Handle("POST /account/security/keys/remove", s.requirePage(s.pageKeyRemove))
	mux.Handle("GET /account/delete", s.requirePage(s.pageDeleteConfirm))
	mux.Handle("POST /account/delete", s.requirePage(s.pageDelete))
	mux.HandleFunc("GET /account/deleted", s.pageDeleted)
	mux.Handle("GET "+settingsPath, s.requirePage(s.adminPage(s.pageSettings)))
	mux.Handle("POST "+settingsPath, s.requirePage(s.adminPage(s.pageSettingsPost)))

	s.adminPageRoutes(mux)

	mux.Handle("/", s.pageNoRoute(mux))
}

func (s *server) pageHome(w http.ResponseWriter, r *http.Request) {
	if p := s.pagePrincipal(r); p != nil {
		seeOther(w, r, "/account/security")
		return
	}
	seeOther(w, r, "/login")
}

// pageNoRoute answers unknown page routes, and known ones asked with the
// wrong method, with an HTML page.
func (s *server) pageNoRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
				w.Header().Set("Allow", m)
				s.renderErrorText(w, r, http.StatusMethodNotAllowed, newText("This address does not accept %s requests.", r.Method))
				return
			}
		}
		s.renderError(w, r, http.StatusNotFound, "There is no page at this address.")
	})
}
