package core

import "time"

// OIDCClient is an application registered to sign its users in through
// twofa with OpenID Connect. A confidential client proves itself with a
// secret, of which only the SHA-256 hash is kept; a public client (a
// single-page or native app) has none and must use PKCE.
type OIDCClient struct {
	// ID is the client_id: public, random, never reused.
	ID   string
	Name string
	// SecretHash is the SHA-256 of the client secret; nil for a public
	// client.
	SecretHash []byte
	Public     bool
	// Require2FA makes every login of this client pass a second factor.
	Require2FA bool
	// RedirectURIs are matched exactly against redirect_uri.
	RedirectURIs []string
	// PostLogoutURIs are matched exactly against post_logout_redirect_uri.
	PostLogoutURIs []string
	CreatedAt      time.Time
}

// OIDCAuthRequest is one authorization request of a client, from the
// moment the client sends the browser to twofa until its code is
// redeemed. Its ID is also the grant that every token issued from its code
// carries, so a code redeemed twice can revoke them all.
type OIDCAuthRequest struct {
	ID                  string
	ClientID            string
	RedirectURI         string
	Scopes              []string
	State               string
	Nonce               string
	ResponseType        string
	ResponseMode        string
	CodeChallenge       string
	CodeChallengeMethod string
	// Prompt holds the prompt values asked for (none, login, consent).
	Prompt []string
	// MaxAge is max_age in seconds, or -1 when the client did not send it.
	MaxAge    int
	LoginHint string
	// ACRValues are the acr_values asked for.
	ACRValues []string
	CreatedAt time.Time
	ExpiresAt time.Time

	// Set once the user has signed in and consented (DoneAt non-zero).
	UserID   string
	AuthTime time.Time
	// AMR lists RFC 8176 authentication method references.
	AMR    []string
	DoneAt time.Time

	// CodeHash is the SHA-256 of the authorization code, once issued.
	CodeHash []byte
	// RedeemedAt is set when the code is first exchanged for tokens.
	RedeemedAt time.Time
	// ReusedAt is set when the code is presented again after that: every
	// token of the grant is then revoked, also those its first redeemer
	// issues afterwards.
	ReusedAt time.Time
}

// OIDCAccessToken is an access token handed to a client. The client holds
// it in an encrypted form naming ID; the row says what it grants.
type OIDCAccessToken struct {
	ID       string
	ClientID string
	UserID   string
	Scopes   []string
	// GrantID names the authorization request the token descends from.
	GrantID string
	// RefreshID names the refresh token issued with it ("" for none).
	RefreshID string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// OIDCRefreshToken is a refresh token. Only the SHA-256 of the token is
// kept. Each use replaces it with a new one of the same grant (rotation);
// a token presented again after its use revokes the whole grant.
type OIDCRefreshToken struct {
	ID        string
	TokenHash []byte
	ClientID  string
	UserID    string
	Scopes    []string
	GrantID   string
	AuthTime  time.Time
	AMR       []string
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is set when the token was exchanged (rotated).
	UsedAt time.Time
}

// OIDCConsent records that a user let a client have a set of scopes, so
// that the consent page is not shown again for the same or fewer scopes.
type OIDCConsent struct {
	UserID   string
	ClientID string
	// ClientName is filled in by listings (UserOIDCConsents).
	ClientName string
	Scopes     []string
	GrantedAt  time.Time
	// LastUsed is when the client last obtained tokens for the user.
	LastUsed time.Time
}

// OIDCSigningKey is a key that signs ID tokens. The private key (PKCS #8)
// is kept sealed under the secret key. A key stays in the JWKS after it
// is retired until every token it signed has expired.
type OIDCSigningKey struct {
	ID        string
	Algorithm string // RS256 or ES256
	Sealed    []byte
	CreatedAt time.Time
	// RetiredAt is when a newer key replaced it (zero while it signs).
	RetiredAt time.Time
}
