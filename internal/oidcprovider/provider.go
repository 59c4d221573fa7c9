package oidcprovider

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/twofa-dev/twofa/internal/core"
)

// The provider's endpoints, below the issuer.
const (
	PathPrefix    = "/oidc/"
	pathAuthorize = "/oidc/authorize"
	// CallbackPath is where a completed request goes to get its code sent
	// to the app.
	CallbackPath = pathAuthorize + "/callback"
	pathToken    = "/oidc/token"
	pathIntro    = "/oidc/introspect"
	pathUserinfo = "/oidc/userinfo"
	pathRevoke   = "/oidc/revoke"
	pathEnd      = "/oidc/end_session"
	pathKeys     = "/oidc/keys"
	// DiscoveryPath is where clients read the provider's configuration.
	DiscoveryPath = "/.well-known/openid-configuration"
	// LoginPath is twofa's page that carries a sign-in request through
	// login and consent; it takes the request's id as ?id=.
	LoginPath = "/oidc/login"
	// LogoutPath is twofa's page that asks the user to confirm an app's
	// logout request.
	LogoutPath = "/oidc/logout"
)

// ClientPaths are the endpoints that clients call from their servers (or,
// for single-page apps, with CORS): they carry no cookie and authenticate
// by client secret, PKCE or bearer token, so cross-origin checks meant for
// cookie-authenticated forms do not apply to them.
var ClientPaths = []string{pathToken, pathIntro, pathUserinfo, pathRevoke}

// Provider serves the OpenID Connect endpoints.
type Provider struct {
	op     *op.Provider
	svc    *core.Service
	issuer string
}

// Options configure a Provider.
type Options struct {
	// Issuer is twofa's public base URL (--base-url).
	Issuer string
	Logger *slog.Logger
}

// New returns the provider of svc. The service's signing keys must exist
// (core.Service.EnsureOIDCSigningKeys).
func New(ctx context.Context, svc *core.Service, o Options) (*Provider, error) {
	issuer := strings.TrimRight(o.Issuer, "/")
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("oidc: issuer %q is not an absolute URL", o.Issuer)
	}
	key, err := svc.OIDCTokenKey(ctx)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(key[:])
	cfg := &op.Config{
		CryptoKey:   key,
		CryptoKeyId: fmt.Sprintf("%x", sum[:4]),
		// An app that signs out without naming where to go lands on
		// twofa's login page (after twofa's own sign-out question).
		DefaultLogoutRedirectURI: "/login?notice=signed-out",
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		GrantTypeRefreshToken:    true,
		SupportedUILocales:       []language.Tag{language.English},
		SupportedScopes:          []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail, oidc.ScopeOfflineAccess},
		SupportedClaims: []string{"sub", "aud", "exp", "iat", "iss", "auth_time", "nonce", "acr", "amr",
			"at_hash", "c_hash", "azp", "email", "email_verified", "name"},
	}
	p := &Provider{svc: svc, issuer: issuer}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts := []op.Option{
		op.WithLogger(logger),
		op.WithCustomAuthEndpoint(op.NewEndpoint(pathAuthorize)),
		op.WithCustomTokenEndpoint(op.NewEndpoint(pathToken)),
		op.WithCustomIntrospectionEndpoint(op.NewEndpoint(pathIntro)),
		op.WithCustomUserinfoEndpoint(op.NewEndpoint(pathUserinfo)),
		op.WithCustomRevocationEndpoint(op.NewEndpoint(pathRevoke)),
		op.WithCustomEndSessionEndpoint(op.NewEndpoint(pathEnd)),
		op.WithCustomKeysEndpoint(op.NewEndpoint(pathKeys)),
	}
	if u.Scheme == "http" {
		opts = append(opts, op.WithAllowInsecure())
	}
	p.op, err = op.NewProvider(cfg, &storage{svc: svc}, op.StaticIssuer(issuer), opts...)
	if err != nil {
		return nil, fmt.Errorf("oidc: %w", err)
	}
	return p, nil
}

// ServeHTTP serves the discovery document and the endpoints under
// PathPrefix.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == DiscoveryPath {
		p.discovery(w, r)
		return
	}
	p.op.ServeHTTP(w, r)
}

// CallbackURL is where the browser goes once the sign-in request id is
// complete: the provider sends it on to the client with a code.
func (p *Provider) CallbackURL(id string) string {
	return CallbackPath + "?id=" + url.QueryEscape(id)
}

// ErrorURL is where the browser goes when the request id ends with an
// error for the client (such as access_denied or login_required): the
// client's redirect URI with the error, its description and the state.
func (p *Provider) ErrorURL(r *core.OIDCAuthRequest, e *core.GrantError) (string, error) {
	oe := oauthError(e)
	oe.State = r.State
	return op.AuthResponseURL(r.RedirectURI, oidc.ResponseType(r.ResponseType), oidc.ResponseMode(r.ResponseMode), oe, p.op.Encoder())
}
