package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
)

// loginData refills the login form with the typed email, and carries
// where to go once logged in (see safeReturn).
type loginData struct {
	Email  string
	Return string
	// Passkeys offers "Sign in with a passkey" (the server knows its
	// address, so it can be a WebAuthn relying party).
	Passkeys bool
}

// loginView is the login page with email typed and rd to go on to.
func (s *server) loginView(r *http.Request, email, rd string) *view {
	return &view{Title: "Log in", Data: loginData{Email: email, Return: rd, Passkeys: s.svc.WebAuthnAvailable()},
		FormTargets: s.returnTargets(r.Context(), rd)}
}

func (s *server) pageLogin(w http.ResponseWriter, r *http.Request) {
	rd := s.safeReturn(r.URL.Query().Get("rd"))
	notice := s.noticeText(r.URL.Query().Get("notice"))
	if p := s.pagePrincipal(r); p != nil {
		// An app may ask for a fresh login (prompt=login, max_age, or a
		// second factor this session has not proved): then the form is
		// shown although the browser is signed in.
		if r.URL.Query().Get("relogin") == "1" {
			notice = newText(notices[appReloginNotice])
		} else if s.sendOn(w, r, p, rd) {
			return
		} else {
			notice = newText(notices[reloginNotice])
		}
	}
	v := s.loginView(r, "", rd)
	v.notice = notice
	s.render(w, r, http.StatusOK, "login", v)
}

func (s *server) pageLoginPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	in := core.LoginInput{
		Email:       r.PostForm.Get("email"),
		Password:    r.PostForm.Get("password"),
		DeviceToken: s.cookieValue(r, deviceCookie),
		KnownDevice: s.cookieValue(r, knownCookie),
	}
	rd := s.safeReturn(r.PostForm.Get("rd"))
	res, err := s.svc.Login(r.Context(), in, s.meta(r))
	if err != nil {
		e, ok := core.AsError(err)
		if !ok {
			s.pageInternalError(w, r, err)
			return
		}
		v := s.loginView(r, in.Email, rd)
		formErrors(v, e, "email", "password")
		s.render(w, r, statusOf(e.Code, false), "login", v)
		return
	}
	if c := res.Challenge; c != nil {
		s.setCookie(w, challengeCookie, c.Token, s.svc.Config().ChallengeTTL)
		hint := challengeHint{Methods: c.Methods, Method: c.Method, Sent: c.CodeSent, Return: rd}
		seeOther(w, r, "/login/2fa?"+hint.query())
		return
	}
	s.startSession(w, r, res.Session, rd)
}

func (s *server) pageLogout(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	if p := s.pagePrincipal(r); p != nil {
		if err := s.svc.Logout(r.Context(), p, s.meta(r)); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	s.clearCookie(w, sessionCookie)
	seeOther(w, r, "/login?notice=signed-out")
}

// challengeHint is what the second-step page shows of a login challenge. The
// challenge token itself is only in the cookie; the hint travels in the
// query, and only shapes the page: the core checks every answer itself.
type challengeHint struct {
	Methods []string
	Method  string
	Sent    bool
	// Same tells that the mail held the code sent before.
	Same bool
	// Return is the rd of the login, carried through the second step as
	// is: safeReturn checks it again where it is used.
	Return string
}

// loginMethods are the methods a hint may name; a hint with none offers
// every method but the security key, whose button would only fail for an
// account without one.
var loginMethods = []string{core.MethodWebAuthn, core.MethodTOTP, core.MethodEmail, core.MethodRecovery}

func (h challengeHint) query() string {
	q := url.Values{}
	q.Set("methods", strings.Join(h.Methods, ","))
	q.Set("method", h.Method)
	if h.Sent {
		q.Set("sent", "1")
	}
	if h.Same {
		q.Set("same", "1")
	}
	if h.Return != "" {
		q.Set("rd", h.Return)
	}
	return q.Encode()
}

// hintFrom reads a hint from a query, keeping only known method names. With
// none, every method is offered and the core refuses those the account
// lacks.
func hintFrom(q url.Values) challengeHint {
	var h challengeHint
	for _, m := range strings.Split(q.Get("methods"), ",") {
		for _, known := range loginMethods {
			if m == known && !slices.Contains(h.Methods, m) {
				h.Methods = append(h.Methods, m)
			}
		}
	}
	if len(h.Methods) == 0 {
		h.Methods = loginMethods[1:]
	}
	h.Method = q.Get("method")
	if !slices.Contains(h.Methods, h.Method) {
		h.Method = h.Methods[0]
	}
	h.Sent = q.Get("sent") == "1"
	h.Same = h.Sent && q.Get("same") == "1"
	h.Return = q.Get("rd")
	return h
}
