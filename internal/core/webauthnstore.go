package core

import (
	"context"
	"time"
)

// WebAuthnCredential is a security key or passkey registered to an
// account: the public key and what the authenticator reported about it.
type WebAuthnCredential struct {
	// ID names the credential in lists and URLs ("wk_..."); it is public
	// and tells nothing about the key.
	ID     string
	UserID string
	// UserHandle is the user handle the key was registered under, which a
	// passkey hands back to find its account.
	UserHandle []byte
	// CredentialID is the authenticator's id of the key.
	CredentialID []byte
	// PublicKey is the COSE public key, as the authenticator sent it.
	PublicKey []byte
	// SignCount is the last signature counter accepted (0 for keys that
	// keep no counter).
	SignCount uint32
	// BackupEligible and BackupState are the BE and BS flags: the key may
	// be, and is, synced to other devices (a synced passkey).
	BackupEligible, BackupState bool
	// Discoverable tells that the key is a passkey: it holds the user
	// handle and can sign in without an email address or a password.
	Discoverable bool
	// Transports are the ways the browser reported reaching the key
	// ("usb", "internal", "hybrid", ...).
	Transports []string
	// AAGUID names the authenticator model (all zero for most passkeys).
	AAGUID []byte
	// Name is what the owner calls the key.
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until it first signs in or proves an action
}

// WebAuthnCeremony is the server's half of a WebAuthn ceremony that has
// begun (registration, a login's second step, a step-up, a passkey
// sign-in): the library's session data, kept in the database so that any
// instance can finish it, and used once.
type WebAuthnCeremony struct {
	// ChallengeHash is the SHA-256 (hex) of the challenge the browser
	// signs; the finishing request names the ceremony by its challenge.
	ChallengeHash string
	// Purpose binds the ceremony to what it may finish: a login challenge,
	// a session, or a passkey sign-in.
	Purpose string
	// UserID is the account ("" for a passkey sign-in, whose account is
	// not known yet).
	UserID    string
	Data      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// WebAuthnStore keeps security keys and passkeys and their ceremonies. It
// is part of Store.
type WebAuthnStore interface {
	// AddWebAuthnCredential stores c. ErrConflict if its CredentialID or
	// ID is taken; ErrNotFound if its user does not exist.
	AddWebAuthnCredential(ctx context.Context, c *WebAuthnCredential) error
	// WebAuthnCredentials lists the user's keys, oldest first.
	WebAuthnCredentials(ctx context.Context, userID string) ([]WebAuthnCredential, error)
	// WebAuthnCredentialByCredentialID returns the key with this
	// authenticator id, or ErrNotFound.
	WebAuthnCredentialByCredentialID(ctx context.Context, credentialID []byte) (*WebAuthnCredential, error)
	// UseWebAuthnCredential records a signature by the key id: it sets
	// SignCount to count, BackupState to backupState and LastUsedAt to at,
	// in one statement, only if the stored SignCount is still oldCount. It
	// reports whether it did, so of two uses that read the same counter
	// one wins.
	UseWebAuthnCredential(ctx context.Context, id string, oldCount, count uint32, backupState bool, at time.Time) (bool, error)
	// RenameWebAuthnCredential sets the name of the user's key id;
	// ErrNotFound if the user has no such key.
	RenameWebAuthnCredential(ctx context.Context, userID, id, name string) error
	// DeleteWebAuthnCredential deletes the user's key id; ErrNotFound if
	// the user has no such key.
	DeleteWebAuthnCredential(ctx context.Context, userID, id string) error

	// CreateWebAuthnCeremony stores c. ErrConflict if its ChallengeHash
	// is taken.
	CreateWebAuthnCeremony(ctx context.Context, c *WebAuthnCeremony) error
	// UseWebAuthnCeremony deletes and returns, in one statement, the
	// ceremony with this challenge hash and purpose that expires after
	// now; ErrNotFound when there is none (never begun, expired, or
	// already used, also by a concurrent request on another instance).
	UseWebAuthnCeremony(ctx context.Context, challengeHash, purpose string, now time.Time) (*WebAuthnCeremony, error)
}
