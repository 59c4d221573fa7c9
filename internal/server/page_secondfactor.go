package server

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// secondFactorData is the second step of a login.
type secondFactorData struct {
	Action      string
	EmailAction string
	Methods     []methodOption
	// Key offers the security key first, on a button of its own.
	Key      bool
	CanEmail bool
	Sent     bool
	Same     bool
	Remember bool
	Days     int
	Expired  bool
	// Restart is the login page to start again from, keeping the rd.
	Restart string
}

func (s *server) secondFactorView(r *http.Request, h challengeHint, chosen string) *view {
	key, methods, chosen := withoutKey(h.Methods, chosen)
	d := secondFactorData{
		Action:      "/login/2fa?" + h.query(),
		EmailAction: "/login/2fa/email?" + h.query(),
		Methods:     methodOptions(methods, chosen),
		Key:         key,
		CanEmail:    slices.Contains(h.Methods, core.MethodEmail),
		Sent:        h.Sent,
		Same:        h.Same,
		Days:        int(s.svc.Config().TrustedDeviceTTL / (24 * time.Hour)),
		Restart:     loginPath(s.safeReturn(h.Return)),
	}
	return &view{Title: "Two-factor authentication", Data: &d, FormTargets: s.returnTargets(r.Context(), s.safeReturn(h.Return))}
}

// expired shows the "start again" page of a challenge that is gone.
func (s *server) expired(w http.ResponseWriter, r *http.Request, v *view) {
	s.clearCookie(w, challengeCookie)
	v.Data.(*secondFactorData).Expired = true
	s.render(w, r, http.StatusGone, "login_2fa", v)
}

func (s *server) pageSecondFactor(w http.ResponseWriter, r *http.Request) {
	h := hintFrom(r.URL.Query())
	v := s.secondFactorView(r, h, h.Method)
	if s.cookieValue(r, challengeCookie) == "" {
		s.expired(w, r, v)
		return
	}
	s.render(w, r, http.StatusOK, "login_2fa", v)
}

func (s *server) pageSecondFactorPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	h := hintFrom(r.URL.Query())
	method := strings.ToLower(strings.TrimSpace(r.PostForm.Get("method")))
	remember := r.PostForm.Get("remember") != ""
	v := s.secondFactorView(r, h, method)
	v.Data.(*secondFactorData).Remember = remember
	tok := s.cookieValue(r, challengeCookie)
	if tok == "" {
		s.expired(w, r, v)
		return
	}
	sess, err := s.svc.CompleteLogin(r.Context(), core.SecondStep{
		Challenge:      tok,
		Method:         method,
		Code:           r.PostForm.Get("code"),
		RememberDevice: remember,
	}, s.meta(r))
	if err != nil {
		s.secondFactorFailed(w, r, v, err)
		return
	}
	s.startSession(w, r, sess, s.safeReturn(h.Return))
}

// pageSecondFactorEmail mails a login code, then shows the second step with
// email chosen.
func (s *server) pageSecondFactorEmail(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	h := hintFrom(r.URL.Query())
	v := s.secondFactorView(r, h, core.MethodEmail)
	tok := s.cookieValue(r, challengeCookie)
	if tok == "" {
		s.expired(w, r, v)
		return
	}
	same, err := s.svc.SendLoginEmailCode(r.Context(), tok, s.meta(r))
	if err != nil {
		s.secondFactorFailed(w, r, v, err)
		return
	}
	h.Method, h.Sent, h.Same = core.MethodEmail, true, same
	seeOther(w, r, "/login/2fa?"+h.query())
}

func (s *server) secondFactorFailed(w http.ResponseWriter, r *http.Request, v *view, err error) {
	e, ok := core.AsError(err)
	if !ok {
		s.pageInternalError(w, r, err)
		return
	}
	if e.Code == core.CodeChallengeExpired {
		s.expired(w, r, v)
		return
	}
	formErrors(v, e, codeField(r.PostForm.Get("method"))...)
	s.render(w, r, statusOf(e.Code, false), "login_2fa", v)
}
