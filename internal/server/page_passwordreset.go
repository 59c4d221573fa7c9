package server

import (
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// passwordForgotData refills the "Forgot password?" form, or tells that
// the request was sent.
type passwordForgotData struct {
	Email    string
	Sent     bool
	Lifetime time.Duration // of a reset link
}

// passwordResetData is the page behind a reset link: the form for the new
// password, or, when the link does not work (Invalid), a way to ask for
// another.
type passwordResetData struct {
	Token       string
	Invalid     bool
	MinPassword int
	MaxPassword int
	Lifetime    time.Duration // of a reset link
}

func newPasswordResetData(token string) passwordResetData {
	return passwordResetData{Token: token, MinPassword: core.MinPasswordLen, MaxPassword: core.MaxPasswordLen,
		Lifetime: core.PasswordResetTTL}
}

// pagePasswordForgot shows the form that asks for a reset link, or after
// it was sent (?sent=1) what happens next.
func (s *server) pagePasswordForgot(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_forgot", &view{Title: "Forgot password",
		Data: passwordForgotData{Sent: r.URL.Query().Get("sent") == "1", Lifetime: core.PasswordResetTTL}})
}

// pagePasswordForgotPost asks for a reset link. Every address gets the
// same answer, so the page never tells whether it has an account.
func (s *server) pagePasswordForgotPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	email := r.PostForm.Get("email")
	err := s.svc.RequestPasswordReset(r.Context(), email, s.meta(r))
	if err != nil {
		e, ok := core.AsError(err)
		if !ok {
			s.pageInternalError(w, r, err)
			return
		}
		v := &view{Title: "Forgot password", Data: passwordForgotData{Email: email, Lifetime: core.PasswordResetTTL}}
		formErrors(v, e, "email")
		s.render(w, r, statusOf(e.Code, false), "password_forgot", v)
		return
	}
	seeOther(w, r, "/password/forgot?sent=1")
}

// pagePasswordReset shows the form for the new password when the link's
// token is open, and says so when it is not. The GET changes nothing, so
// a mail scanner that follows links cannot use one up.
func (s *server) pagePasswordReset(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	v := &view{Title: "Choose a new password", Data: newPasswordResetData(token)}
	if err := s.svc.CheckPasswordReset(r.Context(), token); err != nil {
		s.resetFailed(w, r, v, err)
		return
	}
	s.render(w, r, http.StatusOK, "password_reset", v)
}

// pagePasswordResetPost sets the new password, typed twice, and sends the
// browser to the login page: a reset signs nobody in.
func (s *server) pagePasswordResetPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	token, password := r.PostForm.Get("token"), r.PostForm.Get("password")
	v := &view{Title: "Choose a new password", Data: newPasswordResetData(token)}
	if password != r.PostForm.Get("confirmPassword") {
		v.FieldErrors = map[string]string{"confirmPassword": "The two passwords differ: type the same one twice."}
		s.render(w, r, http.StatusBadRequest, "password_reset", v)
		return
	}
	if err := s.svc.ResetPassword(r.Context(), token, password, s.meta(r)); err != nil {
		s.resetFailed(w, r, v, err)
		return
	}
	// Every session of the account has ended, this browser's too if it
	// had one.
	s.clearCookie(w, sessionCookie)
	seeOther(w, r, "/login?notice=password-reset")
}

// resetFailed shows err on the reset page: a link that does not work
// replaces the form with a way to ask for a new one.
func (s *server) resetFailed(w http.ResponseWriter, r *http.Request, v *view, err error) {
	e, ok := core.AsError(err)
	if !ok {
		s.pageInternalError(w, r, err)
		return
	}
	if e.Field == "token" {
		d := v.Data.(passwordResetData)
		d.Invalid = true
		v.Data = d
	}
	formErrors(v, e, "password")
	s.render(w, r, statusOf(e.Code, false), "password_reset", v)
}
