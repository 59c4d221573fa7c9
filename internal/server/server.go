package server

import (
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/authz"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
)

// Options configure the handler.
type Options struct {
	Service *core.Service
	Logger  *slog.Logger
	// BaseURL is the public address; https makes cookies Secure, and its
	// origin is trusted for cross-origin checks.
	BaseURL string
	// TrustedProxies are the addresses of the reverse proxies in front:
	// X-Forwarded-For entries are believed only as far as these wrote them
	// (see clientIP). Empty: the TCP peer is the client.
	TrustedProxies []netip.Prefix
	// Version is shown by /healthz.
	Version string
	// Observer, when set, is told about every request (for metrics).
	Observer RequestObserver
	// OIDC, when set, makes twofa an OpenID Connect provider.
	OIDC *oidcprovider.Provider
	// AccessRules decide the forward-auth endpoints; nil: every request
	// to a protected site needs both factors.
	AccessRules *authz.Rules
	// CookieDomain, when set, is the Domain of the session cookie, so
	// that one login covers that domain and its sub-domains (the sites
	// behind forward-auth). It must be the host of BaseURL or a parent
	// of it.
	CookieDomain string
	// MailStatus, when set, returns the last check of the mail server
	// for /readyz; nil (or a nil result) leaves "mail" out.
	MailStatus func() *MailStatus
	// AccessLog logs the line of each request at info rather than debug.
	AccessLog bool
}

// RequestObserver is told when a request starts and when it has been
// answered. route is the pattern that served it, such as
// "POST /api/v1/login", or "unmatched" when no route did (an unknown page,
// or a request refused before routing). internal/metrics implements it.
type RequestObserver interface {
	RequestStarted()
	RequestDone(route string, status int, took time.Duration)
}

// noObserver is the RequestObserver used when none is given.
type noObserver struct{}

func (noObserver) RequestStarted()                        {}
func (noObserver) RequestDone(string, int, time.Duration) {}

type server struct {
	svc      *core.Service
	log      *slog.Logger
	secure   bool
	proxies  []netip.Prefix
	version  string
	pages    *pages
	observer RequestObserver
	oidc     *oidcprovider.Provider
	rules    *authz.Rules
	// cookieDomain is Options.CookieDomain, normalised ("" for none).
	cookieDomain string
	// ownHost is the host name of the public address.
	ownHost string
	// mailStatus is Options.MailStatus.
	mailStatus func() *MailStatus
	// accessInfo logs the access line of each request at info, not debug.
	accessInfo bool
	// userActions are the changes the admin pages offer on an account,
	// in the order routes.go serves them (see serveUserAction).
	userActions []pageAction
}

// New returns the HTTP handler of twofa.
func New(o Options) (http.Handler, error) {
	s := &server{
		svc:      o.Service,
		log:      o.Logger,
		proxies:  o.TrustedProxies,
		version:  o.Version,
		observer: o.Observer,
		oidc:     o.OIDC,
		rules:    o.AccessRules,

		mailStatus: o.MailStatus,
		accessInfo: o.AccessLog,
	}
	if s.rules == nil {
		s.rules = authz.Default()
	}
	s.cookieDomain = authz.NormalizeHost(strings.TrimPrefix(o.CookieDomain, "."))
	if u, err := url.Parse(s.svc.Config().BaseURL); err == nil {
		s.ownHost = authz.NormalizeHost(u.Hostname())
	}
	if s.observer == nil {
		s.observer = noObserver{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	cop := http.NewCrossOriginProtection()
	if o.BaseURL != "" {
		u, err := url.Parse(o.BaseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, &core.Error{Code: core.CodeBadRequest, Field: "base-url", Message: "base-url: " + o.BaseURL + " is not an absolute URL like https://id.example.com"}
		}
		s.secure = u.Scheme == "https"
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, err
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	if s.oidc != nil {
		// Apps call these from their servers, or from other origins with
		// CORS; no cookie authenticates them, so a cross-origin POST
		// forges nothing.
		for _, p := range oidcprovider.ClientPaths {
			cop.AddInsecureBypassPattern(p)
		}
	}
	p, err := newPages()
	if err != nil {
		return nil, err
	}
	s.pages = p
	mux := http.NewServeMux()
	s.routes(mux)
	var h http.Handler = mux
	h = cop.Handler(h)
	h = s.limitBody(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.accessLog(h)
	return h, nil
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// crossOriginDenied refuses a state-changing request sent from another
// site: in JSON for the API, on the error page for the web pages.
func (s *server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeJSON(w, http.StatusForbidden, errorBody{Error: "cross-origin",
			Message: apiMessage(r, core.Errorf("cross-origin", "cross-origin request refused: state-changing requests must come from this site"))})
		return
	}
	s.renderError(w, r, http.StatusForbidden, "This form was sent from another site, so nothing was done. Open the page on this site and send the form from there.")
}
