package oidcprovider

import (
	"context"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/twofa-dev/twofa/internal/core"
)

// client shows a registered client to the op package.
type client struct {
	c         *core.OIDCClient
	idTokenTL time.Duration
}

var _ op.Client = client{}

func (c client) GetID() string                    { return c.c.ID }
func (c client) RedirectURIs() []string           { return c.c.RedirectURIs }
func (c client) PostLogoutRedirectURIs() []string { return c.c.PostLogoutURIs }
func (c client) LoginURL(id string) string        { return LoginPath + "?id=" + id }
func (c client) IDTokenLifetime() time.Duration   { return c.idTokenTL }
func (c client) DevMode() bool                    { return false }
func (c client) ClockSkew() time.Duration         { return 0 }
func (c client) AccessTokenType() op.AccessTokenType {
	return op.AccessTokenTypeBearer
}

// ApplicationType: a public client is a native or single-page app, whose
// redirect URIs may be on loopback or a private-use scheme.
func (c client) ApplicationType() op.ApplicationType {
	if c.c.Public {
		return op.ApplicationTypeNative
	}
	return op.ApplicationTypeWeb
}

// AuthMethod: a confidential client sends its secret with HTTP Basic or
// in the form (both are accepted); a public client has none and proves
// itself with PKCE.
func (c client) AuthMethod() oidc.AuthMethod {
	if c.c.Public {
		return oidc.AuthMethodNone
	}
	return oidc.AuthMethodBasic
}

func (c client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c client) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
}

func keepScopes(scopes []string) []string { return scopes }

func (c client) RestrictAdditionalIdTokenScopes() func([]string) []string     { return keepScopes }
func (c client) RestrictAdditionalAccessTokenScopes() func([]string) []string { return keepScopes }

// IsScopeAllowed allows no scopes beyond the standard ones.
func (c client) IsScopeAllowed(string) bool { return false }

// IDTokenUserinfoClaimsAssertion puts the email and name in the ID token
// too, as most apps read them from there.
func (c client) IDTokenUserinfoClaimsAssertion() bool { return true }

// GetClientByClientID loads a client for one request.
func (s *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.svc.OIDCClient(ctx, id)
	if err != nil {
		if _, ok := core.AsError(err); ok {
			return nil, oidc.ErrInvalidClient().WithDescription("unknown client")
		}
		return nil, oidc.ErrServerError().WithParent(err)
	}
	return client{c: c, idTokenTL: s.svc.Config().OIDCIDTokenTTL}, nil
}

// AuthorizeClientIDSecret checks a confidential client's secret.
func (s *storage) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	if _, err := s.svc.CheckOIDCClientSecret(ctx, id, secret); err != nil {
		if _, ok := core.AsError(err); ok {
			return oidc.ErrInvalidClient().WithDescription("client authentication failed")
		}
		return oidc.ErrServerError().WithParent(err)
	}
	return nil
}
