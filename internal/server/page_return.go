package server

import (
	"net/http"
	"net/url"

	"github.com/twofa-dev/twofa/internal/core"
)

// reloginNotice asks a signed-in visitor to log in again, because the site
// they came from needs a second factor their session did not prove.
const reloginNotice = "site-needs-2fa-login"

// appReloginNotice asks a signed-in visitor to log in again because an app
// signing them in asks for a fresh login.
const appReloginNotice = "app-needs-login"

// sendOn sends the signed-in browser of p on from the login page: to rd
// (checked by safeReturn; "" for none), or to the Security page. When the
// site at rd needs a second factor and the account has none, the Security
// page says so instead of sending the browser round in a circle. It
// returns false, having written nothing, when that site needs a second
// factor the session has not proved but the account has: the visitor must
// log in again.
func (s *server) sendOn(w http.ResponseWriter, r *http.Request, p *core.Principal, rd string) bool {
	if rd == "" {
		if s.svc.EnrollmentState(p.User).Restricted {
			seeOther(w, r, enrollmentPage)
			return true
		}
		seeOther(w, r, "/account/security")
		return true
	}
	if u, err := url.Parse(rd); err == nil && u.IsAbs() {
		switch s.access(u, p) {
		case signIn:
			return false
		case setUp2FA:
			seeOther(w, r, "/account/security?notice="+siteNeeds2FANotice)
			return true
		case enrol:
			seeOther(w, r, enrollmentPage)
			return true
		}
	}
	seeOther(w, r, rd)
	return true
}

// loginPath is the login page that returns to rd ("" for none).
func loginPath(rd string) string {
	if rd == "" {
		return "/login"
	}
	return "/login?rd=" + url.QueryEscape(rd)
}
