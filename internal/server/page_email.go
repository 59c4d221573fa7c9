package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// emailCodeData is the page that asks for the code mailed to a new
// address.
type emailCodeData struct {
	Email string
	// TTL is how long the code is valid.
	TTL time.Duration
}

func (s *server) emailCodeView(p *core.Principal, email string) *view {
	return &view{Title: "Confirm your new email address", User: p.User, Data: emailCodeData{
		Email: email, TTL: s.svc.Config().EmailCodeTTL,
	}}
}

// confirmForEmail is the "Confirm it's you" step of an email change in a
// session whose last second factor is too old. The new address, which is
// no secret, rides along in a hidden field, so the proof and the request
// go together.
func confirmForEmail(email string) sensitiveAction {
	return sensitiveAction{
		factors:   true,
		path:      "/account/email",
		title:     "Change your email address",
		intro:     "Then we send a code to %s, to check that the address is yours.",
		introArgs: []any{email},
		button:    "Continue",
		back:      "/account",
		backTitle: "My Account",
		hidden:    []formField{{Name: "email", Value: email}},
	}
}

// pageEmailChange mails a code to the new address in the field email, and
// asks for it. A session without a recent second factor confirms one
// first, with the fields method and code of the confirm page.
func (s *server) pageEmailChange(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	method, code := formProof(r)
	_, err := s.svc.RequestEmailChange(r.Context(), p, email, core.Proof{Method: method, Code: code}, s.meta(r))
	if err == nil {
		s.render(w, r, http.StatusOK, "email_code", s.emailCodeView(p, email))
		return
	}
	e, ok := core.AsError(err)
	if ok && e.Field != "email" && (e.Code == core.CodeTwoFactorRequired || method != "") {
		s.confirmFailed(w, r, p, confirmForEmail(email), method, err)
		return
	}
	s.accountFailed(w, r, p, email, err, "email")
}

// pageEmailConfirm makes the address in the field email the account's,
// given the code mailed to it in the field code.
func (s *server) pageEmailConfirm(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	err := s.svc.ConfirmEmailChange(r.Context(), p, email, strings.TrimSpace(r.PostForm.Get("code")), s.meta(r))
	if err == nil {
		seeOther(w, r, "/account?notice=email-changed")
		return
	}
	e, ok := core.AsError(err)
	if !ok {
		s.pageInternalError(w, r, err)
		return
	}
	if e.Field == "email" {
		s.accountFailed(w, r, p, email, err, "email")
		return
	}
	v := s.emailCodeView(p, email)
	v.cause = e
	if e.Code == core.CodeTwoFactorInvalid || e.Field == "code" {
		v.FieldErrors = map[string]string{"code": errorText(e)}
	} else {
		v.Error = errorText(e)
	}
	s.render(w, r, statusOf(e.Code, true), "email_code", v)
}
