package oidcprovider

import (
	"context"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// setUserinfo fills the claims the scopes allow: sub always (the account's
// stable id, never its email), email and email_verified with "email",
// name with "profile".
func (s *storage) setUserinfo(ctx context.Context, info *oidc.UserInfo, userID string, scopes []string) error {
	u, err := s.svc.OIDCUser(ctx, userID)
	if err != nil {
		return protocolError(err)
	}
	info.Subject = u.ID
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.Email = u.Email
		info.EmailVerified = oidc.Bool(u.EmailVerified())
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = u.Name
	}
	return nil
}

// SetUserinfoFromScopes is superseded by SetUserinfoFromRequest.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's claims.
func (s *storage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(ctx, info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken answers the userinfo endpoint for a live access
// token.
func (s *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	t, err := s.svc.OIDCAccessToken(ctx, tokenID)
	if err != nil || t.UserID != subject {
		return oidc.ErrInvalidRequest().WithDescription("the access token is invalid, expired or revoked")
	}
	return s.setUserinfo(ctx, info, t.UserID, t.Scopes)
}

// SetIntrospectionFromToken answers introspection (RFC 7662) by the
// client the token was issued to; to any other client the token is
// inactive.
func (s *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	t, err := s.svc.OIDCAccessToken(ctx, tokenID)
	if err != nil || t.UserID != subject || t.ClientID != clientID {
		return oidc.ErrInvalidRequest().WithDescription("the token is not active")
	}
	info := new(oidc.UserInfo)
	if err := s.setUserinfo(ctx, info, t.UserID, t.Scopes); err != nil {
		return err
	}
	resp.SetUserInfo(info)
	resp.Scope = t.Scopes
	resp.ClientID = t.ClientID
	resp.Expiration = oidc.FromTime(t.ExpiresAt)
	resp.IssuedAt = oidc.FromTime(t.CreatedAt)
	resp.Audience = []string{t.ClientID}
	return nil
}

// GetPrivateClaimsFromScopes adds no claims of twofa's own.
func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}
