package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/twofa-dev/twofa/internal/authz"
	"github.com/twofa-dev/twofa/internal/core"
)

// Headers a granted forward-auth check answers with, for the proxy to pass
// on to the protected site. Remote-User is the account's id (such as
// u_krny6netojfknrdl), which never changes, unlike the email address.
const (
	remoteUserHeader  = "Remote-User"
	remoteEmailHeader = "Remote-Email"
	remoteNameHeader  = "Remote-Name"
)

// siteNeeds2FANotice is the notice of the Security page shown to a
// visitor whose account has no second factor, sent from a site whose rule
// needs one.
const siteNeeds2FANotice = "site-needs-2fa"

// verdict is the answer of the access rules for one request to a
// protected site by one visitor.
type verdict int

const (
	granted verdict = iota
	denied
	// signIn: the visitor must log in (again, with a second factor).
	signIn
	// setUp2FA: the visitor is signed in, the rule needs two factors, and
	// the account has no second factor to log in with.
	setUp2FA
	// enrol: the visitor is signed in, and the enforcement setting's grace
	// period to set up an authenticator app is over: no site but those
	// the rules bypass lets the session in.
	enrol
)

// access decides a request to target by p (nil: not signed in). A rule's
// users list names people by address, so it sees the account's address
// only once a mailed code or undo link has proved it: anyone may sign up
// with any address.
func (s *server) access(target *url.URL, p *core.Principal) verdict {
	email := ""
	if p != nil && p.User.EmailVerified() {
		email = p.User.Email
	}
	decision := s.rules.Decide(target.Host, target.Path, email)
	switch decision {
	case authz.Bypass:
		return granted
	case authz.Deny:
		// A visitor who is not signed in may be one the users list of an
		// earlier rule names: ask for a login rather than refuse.
		if p == nil && s.rules.ListsUsers(target.Host, target.Path) {
			return signIn
		}
		return denied
	}
	if p != nil && s.svc.EnrollmentState(p.User).Restricted {
		return enrol
	}
	switch decision {
	case authz.OneFactor:
		if p != nil {
			return granted
		}
		return signIn
	}
	switch {
	case p == nil:
		return signIn
	case p.TwoFactor():
		return granted
	case !p.User.HasSecondFactor():
		return setUp2FA
	}
	return signIn
}

// apiAuthRequest is the check of nginx's auth_request: 200 with the
// Remote-* headers, 401 (with Location: the page to send the visitor to)
// or 403, for the URL in X-Original-URL.
func (s *server) apiAuthRequest() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target, err := absoluteURL(r.Header.Get("X-Original-URL"))
		if err != "" {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: core.CodeBadRequest, Message: "X-Original-URL " + err + "; set it in the proxy's server block of each protected host, for nginx: proxy_set_header X-Original-URL https://<that host>$request_uri;"})
			return
		}
		s.answerAccess(w, r, target, http.StatusUnauthorized)
	})
}

// apiForwardAuth is the check of Traefik's forwardAuth and Caddy's
// forward_auth: 200 with the Remote-* headers, a 302 to the login page
// (or to the Security page), or 403, for the URL in X-Forwarded-Proto,
// X-Forwarded-Host and X-Forwarded-Uri.
func (s *server) apiForwardAuth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target, err := forwardedURL(r.Header)
		if err != "" {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: core.CodeBadRequest, Message: err + "; the proxy in front must set X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Uri"})
			return
		}
		s.answerAccess(w, r, target, http.StatusFound)
	})
}

// answerAccess answers a forward-auth check of target for the browser
// session of r. A visitor who must go elsewhere (log in, or set up a
// second factor) is answered with status away and a Location. The check
// writes nothing, beyond the rate-limited last-seen time of the session.
func (s *server) answerAccess(w http.ResponseWriter, r *http.Request, target *url.URL, away int) {
	p := s.pagePrincipal(r)
	switch s.access(target, p) {
	case granted:
		if p != nil {
			w.Header().Set(remoteUserHeader, p.User.ID)
			w.Header().Set(remoteEmailHeader, p.User.Email)
			w.Header().Set(remoteNameHeader, p.User.Name)
		}
		w.WriteHeader(http.StatusOK)
	case denied:
		writeJSON(w, http.StatusForbidden, errorBody{Error: "forbidden", Message: "the access rules deny this request"})
	case setUp2FA:
		w.Header().Set("Location", s.svc.Config().BaseURL+"/account/security?notice="+siteNeeds2FANotice)
		writeJSON(w, away, errorBody{Error: core.CodeUnauthenticated, Message: "this site needs two-factor authentication, which the account does not have yet"})
	case enrol:
		w.Header().Set("Location", s.svc.Config().BaseURL+enrollmentPage)
		writeJSON(w, away, errorBody{Error: core.CodeEnrollmentRequired, Message: "the account must set up an authenticator app or a security key first"})
	default:
		w.Header().Set("Location", s.svc.Config().BaseURL+"/login?rd="+url.QueryEscape(target.String()))
		writeJSON(w, away, errorBody{Error: core.CodeUnauthenticated, Message: "log in at the Location given"})
	}
}

// absoluteURL parses the URL of a protected request: absolute, http or
// https, with a host. The error is "" or says what is wrong.
func absoluteURL(raw string) (*url.URL, string) {
	if raw == "" {
		return nil, "is missing"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return nil, "is not an absolute http(s) URL"
	}
	return u, ""
}

// forwardedURL puts the protected request's URL together from the
// X-Forwarded-* headers of a forward-auth proxy.
func forwardedURL(h http.Header) (*url.URL, string) {
	proto, host, uri := h.Get("X-Forwarded-Proto"), h.Get("X-Forwarded-Host"), h.Get("X-Forwarded-Uri")
	switch {
	case proto != "http" && proto != "https":
		return nil, "X-Forwarded-Proto is not http or https"
	case host == "" || strings.ContainsAny(host, "/?#@\\"):
		return nil, "X-Forwarded-Host is missing or not a host"
	case !strings.HasPrefix(uri, "/"):
		return nil, "X-Forwarded-Uri is missing or does not start with /"
	}
	u, msg := absoluteURL(proto + "://" + host + uri)
	if msg != "" || u.Host != host {
		return nil, "X-Forwarded-Host and X-Forwarded-Uri do not make a URL"
	}
	return u, ""
}
