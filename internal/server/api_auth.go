package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

func (s *server) apiSignUp() http.Handler {
	type request struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		Name     string `json:"name"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		u, err := s.svc.SignUp(r.Context(), core.SignUpInput{Email: req.Email, Password: req.Password, Name: req.Name,
			Language: i18n.Negotiate(r.Header.Get("Accept-Language")).Code}, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		a, err := s.svc.Account(r.Context(), &core.Principal{User: u})
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"user": toUserJSON(a)})
	})
}

func (s *server) apiLogin() http.Handler {
	type request struct {
		Email       string `json:"email"`
		Password    string `json:"password"`
		KnownDevice string `json:"knownDevice"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		device := r.Header.Get("X-2FA-Device")
		if device == "" {
			device = s.cookieValue(r, deviceCookie)
		}
		known := req.KnownDevice
		if known == "" {
			known = s.cookieValue(r, knownCookie)
		}
		res, err := s.svc.Login(r.Context(), core.LoginInput{
			Email: req.Email, Password: req.Password, DeviceToken: device, KnownDevice: known,
		}, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if c := res.Challenge; c != nil {
			sent := c.CodeSent
			e := core.Errorf(core.CodeTwoFactorRequired, "enter a second factor to finish logging in: POST it with this challenge to /api/v1/login/2fa")
			if sent {
				e = core.Errorf(core.CodeTwoFactorRequired, "enter a second factor to finish logging in: POST it with this challenge to /api/v1/login/2fa; an email code is on its way to your address")
			}
			writeJSON(w, http.StatusUnauthorized, errorBody{
				Error:     core.CodeTwoFactorRequired,
				Message:   apiMessage(r, e),
				Challenge: c.Token,
				Methods:   c.Methods,
				Method:    c.Method,
				CodeSent:  &sent,
			})
			return
		}
		s.writeSession(w, r, res.Session)
	})
}

func (s *server) apiLoginSecondFactor() http.Handler {
	type request struct {
		Challenge      string `json:"challenge"`
		Method         string `json:"method"`
		Code           string `json:"code"`
		RememberDevice bool   `json:"rememberDevice"`
	}
	return finishLogin(s, func(r *http.Request, req *request) (*core.IssuedSession, error) {
		return s.svc.CompleteLogin(r.Context(), core.SecondStep{
			Challenge: req.Challenge, Method: req.Method, Code: req.Code, RememberDevice: req.RememberDevice,
		}, s.meta(r))
	})
}

// finishLogin serves a route that ends a login: it decodes the JSON body into a
// new T, and answers the session login gives, or its error.
func finishLogin[T any](s *server, login func(r *http.Request, req *T) (*core.IssuedSession, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := new(T)
		if err := decodeJSON(r, req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		sess, err := login(r, req)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		s.writeSession(w, r, sess)
	})
}

func (s *server) apiLoginEmailCode() http.Handler {
	type request struct {
		Challenge string `json:"challenge"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		same, err := s.svc.SendLoginEmailCode(r.Context(), req.Challenge, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusAccepted, codeOnItsWay("your email address", same))
	})
}

// writeSession answers a finished login: the token in the body for API
// clients, and the same token as an HttpOnly cookie for browsers.
func (s *server) writeSession(w http.ResponseWriter, r *http.Request, sess *core.IssuedSession) {
	a, err := s.svc.Account(r.Context(), &core.Principal{User: sess.User, Session: sess.Session})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.setCookie(w, sessionCookie, sess.Token, s.svc.Config().SessionTTL)
	if sess.DeviceToken != "" {
		s.setCookie(w, deviceCookie, sess.DeviceToken, s.svc.Config().TrustedDeviceTTL)
	}
	s.keepKnown(w, r, sess)
	writeJSON(w, http.StatusOK, sessionJSON{
		Token:       sess.Token,
		ExpiresAt:   sess.Session.ExpiresAt,
		User:        toUserJSON(a),
		DeviceToken: sess.DeviceToken,
		KnownDevice: sess.KnownDevice,
	})
}

// apiLogout ends every session the request names, by Bearer header and by
// cookie (a browser may send both), and clears the cookie. It answers 204
// also when none is live, so logging out twice is not an error.
func (s *server) apiLogout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, tok := range []string{bearerToken(r), s.cookieValue(r, sessionCookie)} {
			p, err := s.svc.Authenticate(r.Context(), tok)
			if e, ok := core.AsError(err); ok && e.Code == core.CodeUnauthenticated {
				continue // none, already ended, expired or never valid
			}
			if err == nil {
				err = s.svc.Logout(r.Context(), p, s.meta(r))
			}
			if err != nil {
				s.apiError(w, r, err, false)
				return
			}
		}
		s.clearCookie(w, sessionCookie)
		w.WriteHeader(http.StatusNoContent)
	})
}

// codeSentJSON answers a request that queued an email code.
type codeSentJSON struct {
	CodeSent bool `json:"codeSent"`
	// SameCode tells that the mail carries the same code as the last one.
	SameCode bool   `json:"sameCode"`
	Message  string `json:"message"`
}

// codeOnItsWay says that a code was queued for mailing to where (the same
// code as the last mail when same): the answer does not wait for the mail
// server.
func codeOnItsWay(where string, same bool) codeSentJSON {
	msg := "a code is on its way to " + where + "; it normally arrives within seconds"
	if same {
		msg = "the same code as in the last mail is on its way to " + where + " again; it normally arrives within seconds"
	}
	return codeSentJSON{CodeSent: true, SameCode: same, Message: msg}
}
