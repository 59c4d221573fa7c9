package oidcprovider

import (
	"context"
	"errors"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/twofa-dev/twofa/internal/core"
)

// storage is the op package's view of the core.
type storage struct {
	svc *core.Service
}

var _ op.Storage = (*storage)(nil)

// Health tells whether the database answers.
func (s *storage) Health(ctx context.Context) error { return s.svc.Ready(ctx) }

// errNoJWTProfile refuses the JWT profile grant (RFC 7523), which twofa
// does not offer.
var errNoJWTProfile = errors.New("the JWT profile grant is not supported")

// GetKeyByIDAndClientID would find a client's key for the JWT profile
// grant, which twofa does not offer.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNoJWTProfile
}

// ValidateJWTProfileScopes belongs to the JWT profile grant, which twofa
// does not offer.
func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errNoJWTProfile
}
