package core

import (
	"context"
	"time"
)

// OIDCStore keeps what the OpenID Connect provider needs: clients,
// authorization requests and their codes, tokens, consents and signing
// keys. It is part of Store.
type OIDCStore interface {
	// CreateOIDCClient stores c; ErrConflict if its ID is taken.
	CreateOIDCClient(ctx context.Context, c *OIDCClient) error
	// OIDCClient returns the client or ErrNotFound.
	OIDCClient(ctx context.Context, id string) (*OIDCClient, error)
	// OIDCClients lists every client, oldest first.
	OIDCClients(ctx context.Context) ([]OIDCClient, error)
	// DeleteOIDCClient removes the client with its authorization requests,
	// tokens and consents; ErrNotFound if there is no such client.
	DeleteOIDCClient(ctx context.Context, id string) error
	// SetOIDCClientSecret replaces the secret hash; ErrNotFound if there is
	// no such client.
	SetOIDCClientSecret(ctx context.Context, id string, secretHash []byte) error

	// CreateOIDCAuthRequest stores r; ErrNotFound if r.ClientID names no
	// client.
	CreateOIDCAuthRequest(ctx context.Context, r *OIDCAuthRequest) error
	// OIDCAuthRequest returns the request, expired or not, or ErrNotFound.
	OIDCAuthRequest(ctx context.Context, id string) (*OIDCAuthRequest, error)
	// CompleteOIDCAuthRequest records who signed in (UserID, AuthTime, AMR,
	// DoneAt = at), atomically, only if the request is not done yet and
	// expires after at. It reports whether it did.
	CompleteOIDCAuthRequest(ctx context.Context, id, userID string, authTime time.Time, amr []string, at time.Time) (bool, error)
	// SetOIDCAuthCode stores the hash of the code issued for a done request,
	// only if it has none yet; it reports whether it did.
	SetOIDCAuthCode(ctx context.Context, id string, codeHash []byte) (bool, error)
	// RedeemOIDCAuthCode finds the request whose code has this hash and sets
	// its RedeemedAt to at, atomically, only if it is unset and the request
	// expires after at. It returns the request as it is after the call and
	// whether this call redeemed it (false: redeemed before, or expired).
	// Of many concurrent calls with one code, on any number of instances,
	// exactly one reports true. A call that finds the code redeemed before
	// also sets ReusedAt to at, if it is unset. ErrNotFound if no request
	// has the code.
	RedeemOIDCAuthCode(ctx context.Context, codeHash []byte, at time.Time) (*OIDCAuthRequest, bool, error)
	// DeleteOIDCAuthRequest removes the request; no error if it is gone.
	DeleteOIDCAuthRequest(ctx context.Context, id string) error

	// CreateOIDCAccessToken stores t.
	CreateOIDCAccessToken(ctx context.Context, t *OIDCAccessToken) error
	// OIDCAccessToken returns the token if it expires after now, else
	// ErrNotFound.
	OIDCAccessToken(ctx context.Context, id string, now time.Time) (*OIDCAccessToken, error)
	// DeleteOIDCAccessToken removes one access token; no error if it is
	// gone.
	DeleteOIDCAccessToken(ctx context.Context, id string) error

	// CreateOIDCRefreshToken stores t; ErrConflict if its ID or hash is
	// taken.
	CreateOIDCRefreshToken(ctx context.Context, t *OIDCRefreshToken) error
	// OIDCRefreshToken returns the token with this hash, used, expired or
	// not, or ErrNotFound.
	OIDCRefreshToken(ctx context.Context, tokenHash []byte) (*OIDCRefreshToken, error)
	// UseOIDCRefreshToken sets UsedAt of the token with this hash to at,
	// atomically, only if it is unset and the token expires after at. It
	// reports whether it did; of many concurrent calls exactly one does.
	UseOIDCRefreshToken(ctx context.Context, tokenHash []byte, at time.Time) (bool, error)
	// DeleteOIDCRefreshToken removes one refresh token and the access
	// tokens issued with it; no error if it is gone.
	DeleteOIDCRefreshToken(ctx context.Context, id string) error

	// RevokeOIDCGrant removes every access and refresh token of the grant.
	RevokeOIDCGrant(ctx context.Context, grantID string) error
	// RevokeOIDCClientUser removes every access and refresh token the
	// client holds for the user, and the user's unfinished authorization
	// requests of the client.
	RevokeOIDCClientUser(ctx context.Context, userID, clientID string) error
	// RevokeOIDCUser removes every access and refresh token of the user, of
	// all clients, and the user's authorization requests whose code is not
	// redeemed yet.
	RevokeOIDCUser(ctx context.Context, userID string) error

	// PutOIDCConsent stores c, replacing the user's earlier consent to the
	// same client; ErrNotFound if the user or client does not exist.
	PutOIDCConsent(ctx context.Context, c *OIDCConsent) error
	// OIDCConsent returns the user's consent to the client or ErrNotFound.
	OIDCConsent(ctx context.Context, userID, clientID string) (*OIDCConsent, error)
	// UserOIDCConsents lists the user's consents with ClientName filled in,
	// most recently used first.
	UserOIDCConsents(ctx context.Context, userID string) ([]OIDCConsent, error)
	// TouchOIDCConsent sets LastUsed; no error if there is no consent.
	TouchOIDCConsent(ctx context.Context, userID, clientID string, at time.Time) error
	// DeleteOIDCConsent removes the consent; ErrNotFound if there is none.
	DeleteOIDCConsent(ctx context.Context, userID, clientID string) error

	// AddOIDCSigningKeys stores keys and, in the same transaction, sets
	// RetiredAt of every key stored before them (and not retired yet) to
	// retireAt. ErrConflict if an ID is taken.
	AddOIDCSigningKeys(ctx context.Context, keys []OIDCSigningKey, retireAt time.Time) error
	// OIDCSigningKeys lists every stored key, newest first (by CreatedAt,
	// then ID).
	OIDCSigningKeys(ctx context.Context) ([]OIDCSigningKey, error)
	// DeleteOIDCSigningKeysRetiredBefore removes the keys retired before
	// before and returns how many went.
	DeleteOIDCSigningKeysRetiredBefore(ctx context.Context, before time.Time) (int64, error)
	// ResealOIDCSigningKeys rewrites every sealed private key through fn,
	// in one transaction, for secret-key rotation. It returns how many it
	// rewrote; an error from fn rolls everything back.
	ResealOIDCSigningKeys(ctx context.Context, fn func(id string, sealed []byte) ([]byte, error)) (int, error)
}
