package oidcprovider

import (
	"context"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/twofa-dev/twofa/internal/core"
)

type signingKey struct{ k core.SigningKey }

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm {
	return jose.SignatureAlgorithm(k.k.Algorithm)
}
func (k signingKey) Key() any   { return k.k.Private }
func (k signingKey) ID() string { return k.k.ID }

type publicKey struct{ k core.PublicKey }

func (k publicKey) ID() string                         { return k.k.ID }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.SignatureAlgorithm(k.k.Algorithm) }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return k.k.Public }

// SigningKey returns the key that signs ID tokens now.
func (s *storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	keys, err := s.svc.OIDCKeys(ctx)
	if err != nil {
		return nil, err
	}
	return signingKey{keys.Signing}, nil
}

// SignatureAlgorithms lists the algorithm ID tokens are signed with.
func (s *storage) SignatureAlgorithms(ctx context.Context) ([]jose.SignatureAlgorithm, error) {
	keys, err := s.svc.OIDCKeys(ctx)
	if err != nil {
		return nil, err
	}
	return []jose.SignatureAlgorithm{jose.SignatureAlgorithm(keys.Signing.Algorithm)}, nil
}

// KeySet publishes every key whose tokens may still be valid.
func (s *storage) KeySet(ctx context.Context) ([]op.Key, error) {
	keys, err := s.svc.OIDCKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]op.Key, len(keys.Published))
	for i, k := range keys.Published {
		out[i] = publicKey{k}
	}
	return out, nil
}
