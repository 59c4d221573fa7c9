package server

import (
	"html/template"
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/totp"
)

// totpSetupData is the enrolment page: the QR code and the same secret
// grouped for typing by hand.
type totpSetupData struct {
	QR      template.URL
	Secret  string
	Issuer  string
	Account string
}

func (s *server) renderSetup(w http.ResponseWriter, r *http.Request, status int, p *core.Principal, setup *core.TOTPSetup, v *view) {
	v.Title = "Set up an authenticator app"
	v.User = p.User
	v.Data = totpSetupData{
		// The data: URL is built here from PNG bytes, never from input.
		QR:      template.URL(totp.DataURL(setup.QRPNG)),
		Secret:  totp.Group(setup.Secret),
		Issuer:  s.svc.Config().Issuer,
		Account: p.User.Email,
	}
	s.render(w, r, status, "totp_setup", v)
}

// pageTOTPSetup starts a new enrolment (replacing an unconfirmed one).
func (s *server) pageTOTPSetup(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	method, code := formProof(r)
	setup, err := s.svc.BeginTOTPSetup(r.Context(), p, core.Proof{Method: method, Code: code}, s.meta(r))
	if e, ok := core.AsError(err); ok && e.Code != core.CodeTOTPAlreadyEnabled {
		// A session that has not proved a second factor recently confirms
		// first, on the same page sensitive actions use.
		s.confirmFailed(w, r, p, enableTOTPAction, method, err)
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderSetup(w, r, http.StatusOK, p, setup, &view{})
}

// pageTOTPPending shows the unconfirmed enrolment again, e.g. after a
// reload; with none it goes back to the Security page.
func (s *server) pageTOTPPending(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	setup, err := s.svc.PendingTOTPSetup(r.Context(), p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if setup == nil {
		seeOther(w, r, "/account/security")
		return
	}
	s.renderSetup(w, r, http.StatusOK, p, setup, &view{})
}

// pageTOTPVerify activates the app when its code is right and shows the
// recovery codes; a wrong code shows the same pending secret again.
func (s *server) pageTOTPVerify(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	codes, err := s.svc.ConfirmTOTP(r.Context(), p, r.PostForm.Get("code"), s.meta(r))
	if err == nil {
		s.renderRecoveryCodes(w, r, p, codes, "The authenticator app is enabled.")
		return
	}
	e, ok := core.AsError(err)
	if !ok || e.Code == core.CodeTOTPAlreadyEnabled || e.Code == core.CodeTOTPSetupMissing {
		s.pageError(w, r, err)
		return
	}
	setup, perr := s.svc.PendingTOTPSetup(r.Context(), p)
	if perr != nil {
		s.pageError(w, r, perr)
		return
	}
	if setup == nil {
		s.pageError(w, r, err)
		return
	}
	v := &view{}
	formErrors(v, e, "code")
	s.renderSetup(w, r, statusOf(e.Code, false), p, setup, v)
}

// recoveryData is the one time the recovery codes are shown.
type recoveryData struct {
	Codes   []string
	Account string
	Issuer  string
}

func (s *server) renderRecoveryCodes(w http.ResponseWriter, r *http.Request, p *core.Principal, codes []string, notice string) {
	v := &view{Title: "Your recovery codes", User: p.User, Notice: notice, Data: recoveryData{
		Codes: codes, Account: p.User.Email, Issuer: s.svc.Config().Issuer,
	}}
	s.render(w, r, http.StatusOK, "recovery_codes", v)
}
