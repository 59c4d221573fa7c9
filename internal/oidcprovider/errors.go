package oidcprovider

import (
	"errors"

	"github.com/zitadel/oidc/v3/pkg/oidc"

	"github.com/twofa-dev/twofa/internal/core"
)

// oauthError turns a refusal of the core's rules into the protocol error
// the client gets.
func oauthError(e *core.GrantError) *oidc.Error {
	if e.NotToClient {
		// Shown by twofa itself: never redirected to an address that is
		// not known to be the client's.
		return oidc.ErrInvalidRequestRedirectURI().WithDescription("%s", e.Description)
	}
	var oe *oidc.Error
	switch e.OAuthCode {
	case core.OAuthInvalidGrant:
		oe = oidc.ErrInvalidGrant()
	case core.OAuthAccessDenied:
		oe = oidc.ErrAccessDenied()
	case core.OAuthLoginRequired:
		oe = oidc.ErrLoginRequired()
	case core.OAuthConsentRequired:
		oe = &oidc.Error{ErrorType: "consent_required"}
	case core.OAuthInteractionRequired:
		oe = oidc.ErrInteractionRequired()
	case "invalid_client":
		oe = oidc.ErrInvalidClient()
	default:
		oe = oidc.ErrInvalidRequest()
	}
	return oe.WithDescription("%s", e.Description)
}

// protocolError maps an error of the core to what the op package returns
// to the client: a refusal by the rules becomes its OAuth error, anything
// else (a database fault) a server_error.
func protocolError(err error) error {
	if g, ok := core.AsGrantError(err); ok {
		return oauthError(g)
	}
	if e, ok := core.AsError(err); ok && e.Code == core.CodeNotFound {
		return oidc.ErrInvalidRequest().WithDescription("%s", e.Message)
	}
	if errors.Is(err, core.ErrNotFound) {
		return oidc.ErrInvalidGrant().WithDescription("unknown or expired")
	}
	return oidc.ErrServerError().WithParent(err)
}
