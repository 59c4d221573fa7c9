package oidcprovider

import (
	"context"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/twofa-dev/twofa/internal/core"
)

// authRequest shows a core sign-in request to the op package.
type authRequest struct{ r *core.OIDCAuthRequest }

var _ op.AuthRequest = authRequest{}

func (a authRequest) GetID() string          { return a.r.ID }
func (a authRequest) GetACR() string         { return a.r.ACR() }
func (a authRequest) GetAMR() []string       { return a.r.AMR }
func (a authRequest) GetAudience() []string  { return []string{a.r.ClientID} }
func (a authRequest) GetAuthTime() time.Time { return a.r.AuthTime }
func (a authRequest) GetClientID() string    { return a.r.ClientID }
func (a authRequest) GetNonce() string       { return a.r.Nonce }
func (a authRequest) GetRedirectURI() string { return a.r.RedirectURI }
func (a authRequest) GetScopes() []string    { return a.r.Scopes }
func (a authRequest) GetState() string       { return a.r.State }
func (a authRequest) GetSubject() string     { return a.r.UserID }
func (a authRequest) Done() bool             { return !a.r.DoneAt.IsZero() }

func (a authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.r.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.r.CodeChallenge, Method: oidc.CodeChallengeMethod(a.r.CodeChallengeMethod)}
}

func (a authRequest) GetResponseType() oidc.ResponseType { return oidc.ResponseType(a.r.ResponseType) }
func (a authRequest) GetResponseMode() oidc.ResponseMode { return oidc.ResponseMode(a.r.ResponseMode) }

// CreateAuthRequest stores a request the op package has parsed and
// checked against the client. The core checks the redirect URI again,
// character for character: the op package lets a native client's loopback
// URI differ in its port, twofa does not.
func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.ResponseMode != "" && req.ResponseMode != oidc.ResponseModeQuery {
		return nil, oidc.ErrInvalidRequest().WithDescription("response_mode must be query")
	}
	maxAge := -1
	if req.MaxAge != nil {
		maxAge = int(min(*req.MaxAge, uint(1<<31-1)))
	}
	r := &core.OIDCAuthRequest{
		ClientID:            req.ClientID,
		RedirectURI:         req.RedirectURI,
		Scopes:              req.Scopes,
		State:               req.State,
		Nonce:               req.Nonce,
		ResponseType:        string(req.ResponseType),
		ResponseMode:        string(req.ResponseMode),
		CodeChallenge:       req.CodeChallenge,
		CodeChallengeMethod: string(req.CodeChallengeMethod),
		Prompt:              req.Prompt,
		MaxAge:              maxAge,
		LoginHint:           req.LoginHint,
		ACRValues:           req.ACRValues,
	}
	if _, err := s.svc.StartOIDCRequest(ctx, r); err != nil {
		return nil, protocolError(err)
	}
	return authRequest{r}, nil
}

// AuthRequestByID returns a request for the callback, which sends a done
// request's code to the client.
func (s *storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	r, _, err := s.svc.OIDCRequest(ctx, id)
	if err != nil {
		return nil, protocolError(err)
	}
	return authRequest{r}, nil
}

// AuthRequestByCode redeems a code: of every presentation of one code,
// only the first gets its request, and a second revokes the tokens issued
// from the first.
func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.svc.RedeemOIDCCode(ctx, code)
	if err != nil {
		return nil, protocolError(err)
	}
	return authRequest{r}, nil
}

// SaveAuthCode keeps the hash of the code issued for a done request.
func (s *storage) SaveAuthCode(ctx context.Context, id, code string) error {
	if err := s.svc.SaveOIDCCode(ctx, id, code); err != nil {
		return protocolError(err)
	}
	return nil
}

// DeleteAuthRequest is called once a code has been exchanged. The request
// is kept until it expires, so that the same code presented again is
// recognised as reused (and revokes the tokens) rather than as unknown.
func (s *storage) DeleteAuthRequest(context.Context, string) error { return nil }
