package core

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// The signature algorithms of ID tokens.
const (
	AlgRS256 = "RS256"
	AlgES256 = "ES256"
)

// keyRetireMargin is how long past the ID-token lifetime a retired key
// stays published, for clocks that run behind.
const keyRetireMargin = 5 * time.Minute

// keyCacheTTL bounds how long an instance signs with the keys it read
// last: after a rotation on another instance, every instance signs with
// the new key within this time (the old one stays published meanwhile).
const keyCacheTTL = 30 * time.Second

// rsaKeyBits is the size of new RSA signing keys.
const rsaKeyBits = 2048

// SigningKey is a private key that signs ID tokens.
type SigningKey struct {
	ID        string
	Algorithm string
	Private   crypto.Signer
}

// PublicKey is a key published in the JWKS, so that clients can check
// signatures: the signing keys, and the retired ones whose tokens may
// still be valid.
type PublicKey struct {
	ID        string
	Algorithm string
	Public    crypto.PublicKey
}

// OIDCKeys is what the provider signs and publishes with.
type OIDCKeys struct {
	// Signing is the newest key of the configured algorithm.
	Signing SigningKey
	// Published lists every key a valid token may name, newest first.
	Published []PublicKey
}

// keyCache holds the keys read last, for keyCacheTTL.
type keyCache struct {
	mu   sync.Mutex
	keys *OIDCKeys
	read time.Time
}

// EnsureOIDCSigningKeys makes the first pair of signing keys (RS256 and
// ES256) when the database has none. Instances starting together may each
// make a pair; all of them are published and the newest signs.
func (s *Service) EnsureOIDCSigningKeys(ctx context.Context) error {
	keys, err := s.store.OIDCSigningKeys(ctx)
	if err != nil {
		return fmt.Errorf("read signing keys: %w", err)
	}
	if len(keys) > 0 {
		return nil
	}
	_, err = s.RotateOIDCSigningKeys(ctx)
	return err
}

// RotateOIDCSigningKeys adds a new pair of signing keys (RS256 and ES256)
// and retires the earlier ones: they stay published until every ID token
// they signed has expired, then Cleanup deletes them. It returns the new
// key ids.
func (s *Service) RotateOIDCSigningKeys(ctx context.Context) ([]string, error) {
	now := s.clock()
	var fresh []OIDCSigningKey
	for _, alg := range []string{AlgRS256, AlgES256} {
		k, err := s.newSigningKey(alg, now)
		if err != nil {
			return nil, err
		}
		fresh = append(fresh, *k)
	}
	if err := s.store.AddOIDCSigningKeys(ctx, fresh, now); err != nil {
		return nil, fmt.Errorf("store signing keys: %w", err)
	}
	s.keyCache.mu.Lock()
	s.keyCache.keys = nil
	s.keyCache.mu.Unlock()
	ids := make([]string, len(fresh))
	for i, k := range fresh {
		ids[i] = k.ID
	}
	s.event(ctx, "", EventOIDCKeysRotated, ClientMeta{}, ids[0])
	return ids, nil
}

func (s *Service) newSigningKey(alg string, now time.Time) (*OIDCSigningKey, error) {
	var priv crypto.Signer
	var err error
	switch alg {
	case AlgRS256:
		priv, err = rsa.GenerateKey(s.rand, rsaKeyBits)
	case AlgES256:
		priv, err = ecdsa.GenerateKey(elliptic.P256(), s.rand)
	default:
		return nil, fmt.Errorf("signing key: unknown algorithm %q", alg)
	}
	if err != nil {
		return nil, fmt.Errorf("generate %s key: %w", alg, err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("encode %s key: %w", alg, err)
	}
	id, err := newID(s.rand, "k_")
	if err != nil {
		return nil, err
	}
	sealed, err := s.keys.Seal(der, oidcKeyAD(id))
	if err != nil {
		return nil, fmt.Errorf("seal %s key: %w", alg, err)
	}
	return &OIDCSigningKey{ID: id, Algorithm: alg, Sealed: sealed, CreatedAt: now}, nil
}

// OIDCKeys returns the key that signs and the keys to publish, read from
// the database at most every keyCacheTTL.
func (s *Service) OIDCKeys(ctx context.Context) (*OIDCKeys, error) {
	now := s.clock()
	c := &s.keyCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys != nil && now.Sub(c.read) < keyCacheTTL && !now.Before(c.read) {
		return c.keys, nil
	}
	stored, err := s.store.OIDCSigningKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("read signing keys: %w", err)
	}
	keys := &OIDCKeys{}
	// The newest key of the algorithm that is not retired signs: a key
	// retired by a rotation must not sign again although it may look
	// newer, as when the rotating instance's clock runs behind. A retired
	// key signs only if no other is left, or while the new one is younger
	// than keyCacheTTL: until then other instances may still publish the
	// keys they read before the rotation, so apps reading the JWKS from
	// them could not check a token the new key signed. The retired key
	// then signs only if it stays published for as long as its token is
	// valid (it was retired at most keyRetireMargin ago).
	found, retired := false, false
	var signingMade time.Time
	var fallback *SigningKey
	var fallbackRetired time.Time
	for _, k := range stored {
		if !k.RetiredAt.IsZero() && now.Sub(k.RetiredAt) > s.keyRetention() {
			continue
		}
		priv, err := s.openSigningKey(&k)
		if err != nil {
			return nil, err
		}
		keys.Published = append(keys.Published, PublicKey{ID: k.ID, Algorithm: k.Algorithm, Public: priv.Public()})
		if k.Algorithm != s.cfg().OIDCSigningAlg {
			continue
		}
		if !found || retired && k.RetiredAt.IsZero() {
			keys.Signing = SigningKey{ID: k.ID, Algorithm: k.Algorithm, Private: priv}
			found, retired, signingMade = true, !k.RetiredAt.IsZero(), k.CreatedAt
		}
		if !k.RetiredAt.IsZero() && now.Sub(k.RetiredAt) <= keyRetireMargin && (fallback == nil || k.RetiredAt.After(fallbackRetired)) {
			// The key retired last is the one that signed until then.
			fallback, fallbackRetired = &SigningKey{ID: k.ID, Algorithm: k.Algorithm, Private: priv}, k.RetiredAt
		}
	}
	if found && !retired && fallback != nil && now.Sub(signingMade) < keyCacheTTL {
		keys.Signing = *fallback
	}
	if !found {
		return nil, errors.New("no " + s.cfg().OIDCSigningAlg + " signing key is stored: run twofa serve once (it makes one) or twofa oidc rotate-signing-key")
	}
	c.keys, c.read = keys, now
	return keys, nil
}

// keyRetention is how long a retired key stays published.
func (s *Service) keyRetention() time.Duration {
	return s.cfg().OIDCIDTokenTTL + keyRetireMargin
}

func (s *Service) openSigningKey(k *OIDCSigningKey) (crypto.Signer, error) {
	der, err := s.keys.Open(k.Sealed, oidcKeyAD(k.ID))
	if err != nil {
		return nil, fmt.Errorf("open signing key %s (is --secret-key-file the one this database was made with?): %w", k.ID, err)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("parse signing key %s: %w", k.ID, err)
	}
	priv, ok := parsed.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("signing key %s: %T cannot sign", k.ID, parsed)
	}
	return priv, nil
}

// OIDCTokenKeySetting names the setting that holds the key encrypting
// access tokens (sealed under the secret key).
const OIDCTokenKeySetting = "oidc-token-key"

// OIDCTokenKey returns the 32-byte key that encrypts the access tokens
// handed to apps, made on first use and the same for every instance.
func (s *Service) OIDCTokenKey(ctx context.Context) ([32]byte, error) {
	var key [32]byte
	fresh := make([]byte, len(key))
	if _, err := io.ReadFull(s.rand, fresh); err != nil {
		return key, fmt.Errorf("read random: %w", err)
	}
	sealed, err := s.keys.Seal(fresh, []byte(OIDCTokenKeySetting))
	if err != nil {
		return key, fmt.Errorf("seal access-token key: %w", err)
	}
	stored, err := s.store.PutSettingIfAbsent(ctx, OIDCTokenKeySetting, sealed)
	if err != nil {
		return key, fmt.Errorf("store access-token key: %w", err)
	}
	plain, err := s.keys.Open(stored, []byte(OIDCTokenKeySetting))
	if err != nil || len(plain) != len(key) {
		return key, fmt.Errorf("the secret key cannot open this database's access-token key (is --secret-key-file the one this database was made with?): %v", err)
	}
	copy(key[:], plain)
	return key, nil
}
