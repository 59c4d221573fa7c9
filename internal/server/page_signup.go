package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// signupClosedText is the error page of the sign-up page while sign-up
// is closed.
const signupClosedText = "Sign-up is closed on this server: new accounts are made by an administrator. Ask yours for one."

// signUpData refills the sign-up form; the password is never sent back.
type signUpData struct {
	Email        string
	Name         string
	MinPassword  int
	MaxPassword  int
	EmailDefault bool
}

func (s *server) signUpView(email, name string) *view {
	cfg := s.svc.Config()
	return &view{Title: "Create an account", Data: signUpData{
		Email: email, Name: name,
		MinPassword: core.MinPasswordLen, MaxPassword: core.MaxPasswordLen,
		EmailDefault: cfg.EmailCodesForNewAccounts(),
	}}
}

func (s *server) pageSignUp(w http.ResponseWriter, r *http.Request) {
	if s.pagePrincipal(r) != nil {
		seeOther(w, r, "/account/security")
		return
	}
	if s.svc.Config().SignupClosed {
		s.renderError(w, r, http.StatusForbidden, signupClosedText)
		return
	}
	s.render(w, r, http.StatusOK, "signup", s.signUpView("", ""))
}

func (s *server) pageSignUpPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	in := core.SignUpInput{
		Email:    r.PostForm.Get("email"),
		Password: r.PostForm.Get("password"),
		Name:     r.PostForm.Get("name"),
		Language: s.pageLanguage(r, nil).Code,
	}
	_, err := s.svc.SignUp(r.Context(), in, s.meta(r))
	if err != nil {
		e, ok := core.AsError(err)
		if !ok {
			s.pageInternalError(w, r, err)
			return
		}
		if e.Code == core.CodeSignupClosed {
			s.renderError(w, r, http.StatusForbidden, signupClosedText)
			return
		}
		v := s.signUpView(in.Email, in.Name)
		formErrors(v, e, "email", "password", "name")
		s.render(w, r, statusOf(e.Code, false), "signup", v)
		return
	}
	seeOther(w, r, "/login?notice=account-created")
}
