package core

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Prefixes of what client registration hands out, so that an id or a
// secret found in a config file or a log tells what it is.
const (
	oidcClientIDPrefix     = "c_"
	oidcClientSecretPrefix = "twofa_cs_"
	// maxClientIDLen bounds the ids looked up; twofa's are 18 bytes.
	maxClientIDLen = 100
)

// OIDCClientSpec describes a client to register.
type OIDCClientSpec struct {
	// Name is shown to users on the consent page and in their list of
	// apps: 1 to 100 characters.
	Name string
	// RedirectURIs are where the client may have the browser sent back
	// with a code; at least one.
	RedirectURIs []string
	// PostLogoutURIs are where the client may have the browser sent after
	// logout; optional.
	PostLogoutURIs []string
	// Public registers a client that cannot keep a secret (a native or
	// single-page app): it gets none and must use PKCE.
	Public bool
	// Require2FA makes every login for this client pass a second factor.
	Require2FA bool
}

// errBadClientSecret answers both an unknown client and a wrong secret, so
// the answer does not tell which client ids exist.
var errBadClientSecret = errorf(CodeInvalidCredentials, "unknown client or wrong client secret")

// AddOIDCClient registers a client and returns it with its secret ("" for
// a public client). The secret is shown this once: only its SHA-256 is
// stored.
func (s *Service) AddOIDCClient(ctx context.Context, spec OIDCClientSpec) (*OIDCClient, string, error) {
	name, err := normalizeName("name", spec.Name)
	if err != nil {
		return nil, "", err
	}
	redirects, err := normalizeClientURIs("redirectUri", spec.RedirectURIs, spec.Public)
	if err != nil {
		return nil, "", err
	}
	if len(redirects) == 0 {
		return nil, "", badRequest("redirectUri", "at least one redirect URI is required")
	}
	logouts, err := normalizeClientURIs("postLogoutUri", spec.PostLogoutURIs, spec.Public)
	if err != nil {
		return nil, "", err
	}
	id, err := newID(s.rand, oidcClientIDPrefix)
	if err != nil {
		return nil, "", err
	}
	c := &OIDCClient{
		ID:             id,
		Name:           name,
		Public:         spec.Public,
		Require2FA:     spec.Require2FA,
		RedirectURIs:   redirects,
		PostLogoutURIs: logouts,
		CreatedAt:      s.clock(),
	}
	var secret string
	if !spec.Public {
		if secret, err = s.newClientSecret(); err != nil {
			return nil, "", err
		}
		c.SecretHash = hashClientSecret(secret)
	}
	if err := s.store.CreateOIDCClient(ctx, c); err != nil {
		return nil, "", fmt.Errorf("register client %q: %w", name, err)
	}
	s.event(ctx, "", EventOIDCClientAdded, ClientMeta{}, c.ID+" "+c.Name)
	return c, secret, nil
}

// OIDCClients lists every registered client, oldest first.
func (s *Service) OIDCClients(ctx context.Context) ([]OIDCClient, error) {
	cs, err := s.store.OIDCClients(ctx)
	if err != nil {
		return nil, fmt.Errorf("list clients: %w", err)
	}
	return cs, nil
}

// OIDCClient returns the client with this id, or an *Error with Code
// CodeNotFound and Field "clientId".
func (s *Service) OIDCClient(ctx context.Context, id string) (*OIDCClient, error) {
	if !plausibleClientID(id) {
		return nil, clientNotFound(id)
	}
	c, err := s.store.OIDCClient(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, clientNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("read client %q: %w", id, err)
	}
	return c, nil
}

// RemoveOIDCClient deletes the client together with its pending
// authorizations, its tokens and its users' consents: the app can sign no
// one in from then on, and tokens it holds stop working.
func (s *Service) RemoveOIDCClient(ctx context.Context, id string) error {
	if !plausibleClientID(id) {
		return clientNotFound(id)
	}
	err := s.store.DeleteOIDCClient(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return clientNotFound(id)
	}
	if err != nil {
		return fmt.Errorf("remove client %q: %w", id, err)
	}
	s.event(ctx, "", EventOIDCClientRemoved, ClientMeta{}, id)
	return nil
}

// RotateOIDCClientSecret gives a confidential client a new secret and
// returns it; the old one stops working at once. A public client has no
// secret and is refused.
func (s *Service) RotateOIDCClientSecret(ctx context.Context, id string) (string, error) {
	c, err := s.OIDCClient(ctx, id)
	if err != nil {
		return "", err
	}
	if c.Public {
		return "", errorf(CodeBadRequest, "client %s is public (a native or single-page app): it has no secret to rotate", id).about("clientId")
	}
	secret, err := s.newClientSecret()
	if err != nil {
		return "", err
	}
	err = s.store.SetOIDCClientSecret(ctx, id, hashClientSecret(secret))
	if errors.Is(err, ErrNotFound) {
		return "", clientNotFound(id)
	}
	if err != nil {
		return "", fmt.Errorf("store the new secret of client %q: %w", id, err)
	}
	s.event(ctx, "", EventOIDCClientSecretRotated, ClientMeta{}, id)
	return secret, nil
}

// CheckOIDCClientSecret returns the confidential client with this id if
// secret is its secret. An unknown client and a wrong secret give the same
// *Error (CodeInvalidCredentials); so does a public client, which has no
// secret to check.
func (s *Service) CheckOIDCClientSecret(ctx context.Context, id, secret string) (*OIDCClient, error) {
	c, err := s.OIDCClient(ctx, id)
	if e, ok := AsError(err); ok && e.Code == CodeNotFound {
		return nil, errBadClientSecret
	}
	if err != nil {
		return nil, err
	}
	if c.Public {
		return nil, errorf(CodeInvalidCredentials, "client %s is public: it has no secret and proves itself with PKCE", id)
	}
	if subtle.ConstantTimeCompare(hashClientSecret(secret), c.SecretHash) != 1 {
		return nil, errBadClientSecret
	}
	return c, nil
}

// newClientSecret returns a fresh secret: 256 bits from s.rand, URL-safe,
// after a prefix that says what it is.
func (s *Service) newClientSecret() (string, error) {
	t, err := newToken(s.rand)
	if err != nil {
		return "", err
	}
	return oidcClientSecretPrefix + t, nil
}

// hashClientSecret is how a client secret is stored and checked. A secret
// carries 256 random bits, so a plain SHA-256 makes a database copy
// useless to whoever would pose as the client.
func hashClientSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

func clientNotFound(id string) *Error {
	return errorf(CodeNotFound, "there is no client %q", id).about("clientId")
}

// plausibleClientID rejects, without asking the store, what no client id
// can be: the empty string, overlong input, and bytes a text column of
// either database may refuse (invalid UTF-8, NUL and other control
// characters).
func plausibleClientID(id string) bool {
	return id != "" && len(id) <= maxClientIDLen && utf8.ValidString(id) && !strings.ContainsFunc(id, unicode.IsControl)
}
