package server

import (
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// enrollmentNotice is the notice of the Security page shown to a session
// sent there because its account must set up an authenticator app (or a
// security key) first.
const enrollmentNotice = "enrollment-required"

// enrollmentPage is where a restricted session's browser goes: the
// Security page's authenticator app, with the notice that says why (and
// that a security key will do as well, where keys can be added).
const enrollmentPage = "/account/security?notice=" + enrollmentNotice + "#totp"

// enrollmentRoutes are the routes, by their ServeMux pattern, that a
// session whose account is past its enrollment deadline may still use:
// reading the account, setting up an authenticator app or adding a
// security key (with the step-up each asks for, in the same request) and
// seeing the app's recovery codes once, and logging out (which needs no
// session check). Every other route
// behind requireAPIUser or requirePage answers 403
// 2fa-enrollment-required, or sends the browser to enrollmentPage.
var enrollmentRoutes = map[string]bool{
	"GET /api/v1/me":                     true,
	"POST /api/v1/me/2fa/totp/setup":     true,
	"POST /api/v1/me/2fa/totp/verify":    true,
	"GET /account/security":              true,
	"GET /account/security/totp/setup":   true,
	"POST /account/security/totp/setup":  true,
	"POST /account/security/totp/verify": true,

	"POST /api/v1/me/webauthn/register/begin":  true,
	"POST /api/v1/me/webauthn/register/finish": true,
	"POST /account/security/keys/add":          true,
	"POST /account/security/keys/register":     true,
}

// restricted reports whether the enforcement setting keeps p from the
// route of r: the account's grace period to set up an authenticator app
// or a security key is over, and the route is not one of
// enrollmentRoutes.
func (s *server) restricted(r *http.Request, p *core.Principal) bool {
	return !enrollmentRoutes[r.Pattern] && s.svc.EnrollmentState(p.User).Restricted
}

// enrollmentBanner is the line every page shows to an account that must
// set up an authenticator app or a security key.
type enrollmentBanner struct {
	// Restricted tells that the grace period is over.
	Restricted bool
	// Keys tells that security keys can be added here, and meet the
	// requirement as well as an app.
	Keys bool
	// Left is the grace left, in words; Deadline is when it ends.
	Left     text
	Deadline timeText
}

// bannerFor returns the banner of u, or nil when the enforcement setting
// asks nothing of it.
func (s *server) bannerFor(u *core.User) *enrollmentBanner {
	e := s.svc.EnrollmentState(u)
	if !e.Required {
		return nil
	}
	return &enrollmentBanner{Restricted: e.Restricted, Keys: s.svc.WebAuthnAvailable(),
		Left: graceText(e.GraceLeft), Deadline: newTimeText(e.Deadline)}
}

// graceText writes how much grace is left, in days and hours, or hours
// and minutes under a day: "3 days 4 hours".
func graceText(d time.Duration) text {
	const day = 24 * time.Hour
	switch {
	case d >= day:
		if h := int(d % day / time.Hour); h > 0 {
			return newText("%[1]d days %[2]s", int(d/day), newText("%d hours", h))
		}
		return newText("%d days", int(d/day))
	case d >= time.Hour:
		if m := int(d % time.Hour / time.Minute); m > 0 {
			return newText("%[1]d hours %[2]s", int(d/time.Hour), newText("%d minutes", m))
		}
		return newText("%d hours", int(d/time.Hour))
	}
	return newText("%s", d)
}
