// Package oidcprovider makes twofa an OpenID Connect provider. It adapts
// the core's rules (clients, sign-in requests, codes, tokens, consents,
// signing keys) to the storage interface of github.com/zitadel/oidc's op
// package, which speaks the protocol: discovery, the authorization code
// flow with PKCE, tokens, userinfo, revocation, introspection and
// RP-initiated logout. Logging in and consenting happen on twofa's own
// pages (internal/server), which send the browser back through
// CallbackURL.
package oidcprovider
