// Package webauthntest is a software WebAuthn authenticator and client for
// tests: it answers the options twofa hands out the way a browser and a
// security key would (attestation "none", ES256 on P-256), so the
// ceremonies can be tested through the JSON API without a browser. Its
// fields can be changed between calls to play a broken or hostile one: a
// wrong origin, another RP ID, a counter that goes back.
package webauthntest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// Authenticator flags of the authenticator data (WebAuthn §6.1).
const (
	flagUP = 0x01
	flagUV = 0x04
	flagBE = 0x08
	flagBS = 0x10
	flagAT = 0x40
)

// Authenticator is one key pair on a software authenticator, and the
// browser that talks to it.
type Authenticator struct {
	// RPID is the relying party the authenticator signs for (its hash is
	// in the authenticator data); Origin is the page the browser reports.
	RPID, Origin string
	// Counter is the signature counter; each Get adds one first, unless
	// NoCounter is set (as for most synced passkeys, whose counter stays 0).
	Counter   uint32
	NoCounter bool
	// UserVerified sets the UV flag; Resident makes the key a passkey
	// (it keeps the user handle and says so in credProps).
	UserVerified, Resident bool
	// Synced sets the backup flags (BE and BS).
	Synced bool

	key          *ecdsa.PrivateKey
	credentialID []byte
	userHandle   []byte
}

// New returns an authenticator for rpID whose browser is on origin, with
// a fresh key pair, user verification and resident keys.
func New(rpID, origin string) *Authenticator {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	id := make([]byte, 32)
	if _, err := rand.Read(id); err != nil {
		panic(err)
	}
	return &Authenticator{RPID: rpID, Origin: origin, UserVerified: true, Resident: true, key: key, credentialID: id}
}

// CredentialID is the id of the authenticator's key.
func (a *Authenticator) CredentialID() []byte { return a.credentialID }

var b64 = base64.RawURLEncoding

// options is the part of the options JSON the authenticator reads.
type options struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		User      struct {
			ID string `json:"id"`
		} `json:"user"`
	} `json:"publicKey"`
}

func parseOptions(optionsJSON []byte) (options, error) {
	var o options
	if err := json.Unmarshal(optionsJSON, &o); err != nil {
		return o, fmt.Errorf("webauthntest: options: %w", err)
	}
	if o.PublicKey.Challenge == "" {
		return o, fmt.Errorf("webauthntest: options have no publicKey.challenge: %s", optionsJSON)
	}
	return o, nil
}

func (a *Authenticator) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
	return b
}

func (a *Authenticator) flags(extra byte) byte {
	f := byte(flagUP) | extra
	if a.UserVerified {
		f |= flagUV
	}
	if a.Synced {
		f |= flagBE | flagBS
	}
	return f
}

func (a *Authenticator) authData(flags byte, attested []byte) []byte {
	rp := sha256.Sum256([]byte(a.RPID))
	out := append(rp[:], flags)
	out = binary.BigEndian.AppendUint32(out, a.Counter)
	return append(out, attested...)
}

// Create answers options for navigator.credentials.create() (the
// {"publicKey": ...} JSON) with the JSON of the new credential.
func (a *Authenticator) Create(optionsJSON []byte) (string, error) {
	o, err := parseOptions(optionsJSON)
	if err != nil {
		return "", err
	}
	if a.userHandle, err = b64.DecodeString(o.PublicKey.User.ID); err != nil {
		return "", fmt.Errorf("webauthntest: user.id: %w", err)
	}
	x, y := make([]byte, 32), make([]byte, 32)
	a.key.X.FillBytes(x)
	a.key.Y.FillBytes(y)
	cose, err := cbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: x, -3: y})
	if err != nil {
		return "", err
	}
	attested := make([]byte, 16) // AAGUID: none
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(a.credentialID)))
	attested = append(append(attested, a.credentialID...), cose...)
	attObj, err := cbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": a.authData(a.flags(flagAT), attested)})
	if err != nil {
		return "", err
	}
	id := b64.EncodeToString(a.credentialID)
	b, err := json.Marshal(map[string]any{
		"id": id, "rawId": id, "type": "public-key", "authenticatorAttachment": "cross-platform",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(a.clientData("webauthn.create", o.PublicKey.Challenge)),
			"attestationObject": b64.EncodeToString(attObj),
			"transports":        []string{"usb"},
		},
		"clientExtensionResults": map[string]any{"credProps": map[string]bool{"rk": a.Resident}},
	})
	return string(b), err
}

// Get answers options for navigator.credentials.get() with the JSON of a
// signed assertion, after adding one to the counter.
func (a *Authenticator) Get(optionsJSON []byte) (string, error) {
	o, err := parseOptions(optionsJSON)
	if err != nil {
		return "", err
	}
	if !a.NoCounter {
		a.Counter++
	}
	authData := a.authData(a.flags(0), nil)
	cd := a.clientData("webauthn.get", o.PublicKey.Challenge)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, authData...), cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	if err != nil {
		return "", err
	}
	resp := map[string]any{
		"clientDataJSON":    b64.EncodeToString(cd),
		"authenticatorData": b64.EncodeToString(authData),
		"signature":         b64.EncodeToString(sig),
	}
	if a.Resident {
		resp["userHandle"] = b64.EncodeToString(a.userHandle)
	}
	id := b64.EncodeToString(a.credentialID)
	b, err := json.Marshal(map[string]any{"id": id, "rawId": id, "type": "public-key", "response": resp, "clientExtensionResults": map[string]any{}})
	return string(b), err
}
