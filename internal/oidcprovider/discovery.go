package oidcprovider

import (
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/twofa-dev/twofa/internal/core"
)

// discovery answers /.well-known/openid-configuration with what twofa
// offers, no more: the op package would also announce the implicit flow,
// ID-token response types, the JWT bearer grant and a device endpoint,
// none of which twofa's clients may use.
func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	ctx := op.ContextWithIssuer(r.Context(), p.issuer)
	cfg := op.CreateDiscoveryConfig(ctx, p.op, p.op.Storage())
	cfg.ResponseTypesSupported = []string{string(oidc.ResponseTypeCode)}
	cfg.ResponseModesSupported = []string{string(oidc.ResponseModeQuery)}
	cfg.GrantTypesSupported = []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
	cfg.DeviceAuthorizationEndpoint = ""
	cfg.CodeChallengeMethodsSupported = []oidc.CodeChallengeMethod{oidc.CodeChallengeMethodS256}
	cfg.RequestParameterSupported = false
	cfg.RequestObjectSigningAlgValuesSupported = nil
	cfg.TokenEndpointAuthSigningAlgValuesSupported = nil
	cfg.IntrospectionEndpointAuthSigningAlgValuesSupported = nil
	cfg.RevocationEndpointAuthSigningAlgValuesSupported = nil
	clientAuth := []oidc.AuthMethod{oidc.AuthMethodBasic, oidc.AuthMethodPost}
	cfg.IntrospectionEndpointAuthMethodsSupported = clientAuth
	cfg.RevocationEndpointAuthMethodsSupported = append([]oidc.AuthMethod{oidc.AuthMethodNone}, clientAuth...)
	cfg.TokenEndpointAuthMethodsSupported = append([]oidc.AuthMethod{oidc.AuthMethodNone}, clientAuth...)
	cfg.ACRValuesSupported = []string{core.ACRMFA}
	// Single-page apps read it from their own origin.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	op.Discover(w, cfg)
}
