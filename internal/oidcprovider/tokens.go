package oidcprovider

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/twofa-dev/twofa/internal/core"
)

// refreshRequest shows a refresh token to the op package.
type refreshRequest struct {
	t      *core.OIDCRefreshToken
	scopes []string
}

var _ op.RefreshTokenRequest = (*refreshRequest)(nil)

func (r *refreshRequest) GetAMR() []string                 { return r.t.AMR }
func (r *refreshRequest) GetAudience() []string            { return []string{r.t.ClientID} }
func (r *refreshRequest) GetAuthTime() time.Time           { return r.t.AuthTime }
func (r *refreshRequest) GetClientID() string              { return r.t.ClientID }
func (r *refreshRequest) GetScopes() []string              { return r.scopes }
func (r *refreshRequest) GetSubject() string               { return r.t.UserID }
func (r *refreshRequest) SetCurrentScopes(scopes []string) { r.scopes = scopes }

// grantOf tells what a token request of the op package is for.
func grantOf(req op.TokenRequest) (core.OIDCGrant, error) {
	switch r := req.(type) {
	case authRequest:
		return r.r.GrantOf(), nil
	case *refreshRequest:
		g := r.t.GrantOf()
		g.Scopes = r.scopes
		return g, nil
	}
	return core.OIDCGrant{}, oidc.ErrUnsupportedGrantType()
}

// CreateAccessToken issues an access token alone (a code flow without
// offline_access).
func (s *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	g, err := grantOf(req)
	if err != nil {
		return "", time.Time{}, err
	}
	t, err := s.svc.IssueOIDCAccessToken(ctx, g)
	if err != nil {
		return "", time.Time{}, protocolError(err)
	}
	return t.ID, t.ExpiresAt, nil
}

// CreateAccessAndRefreshTokens issues an access token and a refresh
// token; with current, the refresh token presented, it rotates it.
func (s *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	g, err := grantOf(req)
	if err != nil {
		return "", "", time.Time{}, err
	}
	t, refresh, err := s.svc.IssueOIDCTokens(ctx, g, current)
	if err != nil {
		return "", "", time.Time{}, protocolError(err)
	}
	return t.ID, refresh, t.ExpiresAt, nil
}

// TokenRequestByRefreshToken looks up a refresh token presented to the
// token endpoint; one used before revokes its whole grant.
func (s *storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	t, err := s.svc.OIDCRefreshToken(ctx, token)
	if err != nil {
		return nil, protocolError(err)
	}
	return &refreshRequest{t: t, scopes: t.Scopes}, nil
}

// GetRefreshTokenInfo tells the revocation endpoint whose refresh token
// it was given.
func (s *storage) GetRefreshTokenInfo(ctx context.Context, _ string, token string) (string, string, error) {
	t, err := s.svc.PeekOIDCRefreshToken(ctx, token)
	if err != nil {
		if errors.Is(err, core.ErrNotFound) {
			return "", "", op.ErrInvalidRefreshToken
		}
		return "", "", err
	}
	return t.UserID, t.ID, nil
}

// RevokeToken revokes an access token (by its id, with userID set) or a
// refresh token (the token itself) of the client (RFC 7009).
func (s *storage) RevokeToken(ctx context.Context, tokenOrID, userID, clientID string) *oidc.Error {
	var err error
	if userID != "" {
		err = s.svc.RevokeOIDCAccessToken(ctx, clientID, tokenOrID)
	} else {
		err = s.svc.RevokeOIDCRefreshToken(ctx, clientID, tokenOrID)
	}
	if err == nil {
		return nil
	}
	if g, ok := core.AsGrantError(err); ok {
		return oauthError(g)
	}
	return oidc.ErrServerError().WithParent(err)
}

// TerminateSession revokes the client's tokens of the user.
func (s *storage) TerminateSession(ctx context.Context, userID, clientID string) error {
	if userID == "" || clientID == "" {
		return nil
	}
	return s.svc.EndOIDCClientSession(ctx, userID, clientID)
}

// TerminateSessionFromRequest handles an app's logout request: it revokes
// the app's tokens of the user named by id_token_hint, then sends the
// browser to twofa's page that asks whether to sign out of twofa too, and
// from there to the (checked) post-logout URI. The page's link is signed,
// so nobody can make it send the browser elsewhere.
func (s *storage) TerminateSessionFromRequest(ctx context.Context, req *op.EndSessionRequest) (string, error) {
	if err := s.TerminateSession(ctx, req.UserID, req.ClientID); err != nil {
		return "", err
	}
	q := url.Values{"to": {req.RedirectURI}, "sig": {s.svc.SignLogoutReturn(req.RedirectURI)}}
	return LogoutPath + "?" + q.Encode(), nil
}
