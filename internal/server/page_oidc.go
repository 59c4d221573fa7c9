package server

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
)

// consentData is the consent page: which app asks, and what it would get.
type consentData struct {
	ID     string
	App    string
	Claims []string
	// Offline tells that the app asks to stay signed in (offline_access).
	Offline bool
	Email   string
}

// claimTexts say in words what each scope hands to an app: messages of the
// catalogue.
var claimTexts = []struct{ scope, text string }{
	{"openid", "a stable identifier of your account (not your email address)"},
	{"email", "your email address, and whether it has been confirmed"},
	{"profile", "your name"},
}

// oidcRoutes adds the OpenID Connect endpoints and the pages a sign-in of
// an app goes through.
func (s *server) oidcRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+oidcprovider.DiscoveryPath, s.oidc)
	mux.Handle(oidcprovider.PathPrefix, s.oidc)
	mux.HandleFunc("GET "+oidcprovider.CallbackPath, s.pageOIDCCallback)
	mux.HandleFunc("GET "+oidcprovider.LoginPath, s.pageOIDCContinue)
	mux.HandleFunc("POST /oidc/consent", s.pageOIDCConsent)
	mux.HandleFunc("GET "+oidcprovider.LogoutPath, s.pageOIDCLogout)
	mux.HandleFunc("POST "+oidcprovider.LogoutPath, s.pageOIDCLogoutPost)
	mux.Handle("POST /account/security/apps/revoke", s.requirePage(s.pageAppRevoke))
}

// pageOIDCContinue carries an app's sign-in request on: to the login page
// (which comes back here), to the Security page when the app needs a
// second factor the account lacks, to the consent page, or back to the
// app.
func (s *server) pageOIDCContinue(w http.ResponseWriter, r *http.Request) {
	p := s.pagePrincipal(r)
	step, err := s.svc.ContinueOIDC(r.Context(), r.URL.Query().Get("id"), p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.oidcStep(w, r, p, step)
}

// oidcStep answers what a sign-in request of an app needs next, for the
// browser signed in as p (nil: nobody).
func (s *server) oidcStep(w http.ResponseWriter, r *http.Request, p *core.Principal, step *core.OIDCStep) {
	id := step.Request.ID
	back := oidcprovider.LoginPath + "?id=" + url.QueryEscape(id)
	switch step.Kind {
	case core.OIDCNeedLogin:
		q := url.Values{"rd": {back}}
		if p != nil {
			q.Set("relogin", "1")
		}
		seeOther(w, r, "/login?"+q.Encode())
	case core.OIDCNeedEnrol:
		seeOther(w, r, "/account/security?"+url.Values{"app": {id}}.Encode()+"#totp")
	case core.OIDCNeedConsent:
		s.renderConsent(w, r, p, step)
	case core.OIDCDone:
		seeOther(w, r, s.oidc.CallbackURL(id))
	case core.OIDCRefused:
		to, err := s.oidc.ErrorURL(step.Request, step.Err)
		if err != nil {
			s.pageInternalError(w, r, err)
			return
		}
		seeOther(w, r, to)
	}
}

func (s *server) renderConsent(w http.ResponseWriter, r *http.Request, p *core.Principal, step *core.OIDCStep) {
	d := consentData{ID: step.Request.ID, App: step.Client.Name, Offline: slices.Contains(step.Request.Scopes, "offline_access")}
	for _, c := range claimTexts {
		if slices.Contains(step.Request.Scopes, c.scope) {
			d.Claims = append(d.Claims, c.text)
		}
	}
	v := &view{title: newText("Allow %s to sign you in?", step.Client.Name), Data: &d, FormTargets: appTarget(step.Request)}
	if p != nil {
		v.User, d.Email = p.User, p.User.Email
	}
	s.render(w, r, http.StatusOK, "consent", v)
}

// pageOIDCCallback lets the provider hand a completed request's code to
// the app only in the browser session that completed it.
func (s *server) pageOIDCCallback(w http.ResponseWriter, r *http.Request) {
	ok, err := s.svc.OIDCCallbackAllowed(r.Context(), r.URL.Query().Get("id"), s.pagePrincipal(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if !ok {
		s.renderError(w, r, http.StatusForbidden, "This sign-in was finished in another browser. Go back to the app and sign in again.")
		return
	}
	s.oidc.ServeHTTP(w, r)
}

// pageOIDCConsent takes the answer of the consent page.
func (s *server) pageOIDCConsent(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	p := s.pagePrincipal(r)
	allow := r.PostForm.Get("decision") == "allow"
	step, err := s.svc.ConsentOIDC(r.Context(), r.PostForm.Get("id"), p, allow, s.meta(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.oidcStep(w, r, p, step)
}

// logoutData is the page that asks whether to sign out of twofa after an
// app signed the user out.
type logoutData struct {
	To, Sig  string
	SignedIn bool
}

// pageOIDCLogout asks, after an app's logout request, whether to sign out
// of twofa too. Signing out through a link alone would let any site sign
// people out.
func (s *server) pageOIDCLogout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	to, sig := q.Get("to"), q.Get("sig")
	if !s.svc.CheckLogoutReturn(to, sig) {
		s.renderError(w, r, http.StatusBadRequest, "This sign-out link is not valid. Go back to the app and sign out again.")
		return
	}
	p := s.pagePrincipal(r)
	v := &view{Title: "Sign out", Data: logoutData{To: to, Sig: sig, SignedIn: p != nil}, FormTargets: webTarget(to)}
	if p != nil {
		v.User = p.User
	}
	s.render(w, r, http.StatusOK, "oidc_logout", v)
}

// pageOIDCLogoutPost signs the browser out of twofa (when asked) and
// returns it to the app.
func (s *server) pageOIDCLogoutPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	to, sig := r.PostForm.Get("to"), r.PostForm.Get("sig")
	if !s.svc.CheckLogoutReturn(to, sig) {
		s.renderError(w, r, http.StatusBadRequest, "This sign-out form is not valid. Go back to the app and sign out again.")
		return
	}
	if r.PostForm.Get("decision") == "signout" {
		if p := s.pagePrincipal(r); p != nil {
			if err := s.svc.Logout(r.Context(), p, s.meta(r)); err != nil {
				s.pageError(w, r, err)
				return
			}
		}
		s.clearCookie(w, sessionCookie)
	}
	seeOther(w, r, to)
}

// pageAppRevoke takes an app's access to the account away.
func (s *server) pageAppRevoke(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	if err := s.svc.RevokeOIDCApp(r.Context(), p, r.PostForm.Get("clientId"), s.meta(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/account/security?notice=app-revoked#apps")
}
