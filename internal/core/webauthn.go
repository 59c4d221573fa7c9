package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// MethodWebAuthn is the second-factor method of security keys and
// passkeys: the code is the credential JSON the browser's
// navigator.credentials.get() returned (PublicKeyCredential.toJSON()).
const MethodWebAuthn = "webauthn"

// FactorPasskey is the LoginFactor of a session signed in with a passkey,
// which proved both factors at once.
const FactorPasskey = "passkey"

// WebAuthnCeremonyTTL is how long a begun WebAuthn ceremony may take.
const WebAuthnCeremonyTTL = 5 * time.Minute

// maxCredentialJSON bounds the credential JSON a client may send.
const maxCredentialJSON = 64 << 10

// Ceremony purposes (see WebAuthnCeremony.Purpose); a login's and a
// step-up's are those of their mailed codes (loginPurpose, stepUpPurpose).
const passkeyPurpose = "passkey"

func registerPurpose(sessionHash string) string { return "register:" + sessionHash }

// errNoRelyingParty answers a WebAuthn request of a server that has no
// address to be a relying party for.
var errNoRelyingParty = fieldErrorf(CodeMethodUnavailable, "method",
	"security keys and passkeys are not available: this server has no --base-url (the address people open it at)")

// relyingParty is twofa as a WebAuthn relying party: its RP ID is the host
// of BaseURL, its origins that of BaseURL and WebAuthnOrigins. Attestation
// is not asked for: twofa trusts no list of authenticator makers, so a
// statement would only tell it what it does not check.
func (s *Service) relyingParty() (*webauthn.WebAuthn, error) {
	c := s.cfg()
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return nil, errNoRelyingParty
	}
	origins := []string{u.Scheme + "://" + u.Host}
	for o := range strings.SplitSeq(c.WebAuthnOrigins, ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
			origins = append(origins, o)
		}
	}
	return webauthn.New(&webauthn.Config{
		RPID:                  u.Hostname(),
		RPDisplayName:         c.Issuer,
		RPOrigins:             origins,
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:      protocol.ResidentKeyRequirementPreferred,
			UserVerification: protocol.VerificationPreferred,
		},
	})
}

// waUser is an account as the WebAuthn library sees it.
type waUser struct {
	u    *User
	keys []WebAuthnCredential
}

func (w waUser) WebAuthnID() []byte   { return userHandle(w.u) }
func (w waUser) WebAuthnName() string { return w.u.Email }
func (w waUser) WebAuthnDisplayName() string {
	if w.u.Name != "" {
		return w.u.Name
	}
	return w.u.Email
}

func (w waUser) WebAuthnCredentials() []webauthn.Credential {
	out := make([]webauthn.Credential, 0, len(w.keys))
	for _, k := range w.keys {
		out = append(out, k.libraryCredential())
	}
	return out
}

// userHandle is the WebAuthn user handle of an account: its id, which is
// random and names no person.
func userHandle(u *User) []byte { return []byte(u.ID) }

// libraryCredential is k as the WebAuthn library stores credentials.
func (k WebAuthnCredential) libraryCredential() webauthn.Credential {
	transports := make([]protocol.AuthenticatorTransport, 0, len(k.Transports))
	for _, t := range k.Transports {
		transports = append(transports, protocol.AuthenticatorTransport(t))
	}
	return webauthn.Credential{
		ID:        k.CredentialID,
		PublicKey: k.PublicKey,
		Transport: transports,
		Flags: webauthn.CredentialFlags{
			UserPresent:    true,
			BackupEligible: k.BackupEligible,
			BackupState:    k.BackupState,
		},
		Authenticator: webauthn.Authenticator{AAGUID: k.AAGUID, SignCount: k.SignCount},
	}
}

// accountKeys returns the user's keys as the library sees the user.
func (s *Service) accountKeys(ctx context.Context, u *User) (waUser, error) {
	keys, err := s.store.WebAuthnCredentials(ctx, u.ID)
	if err != nil {
		return waUser{}, fmt.Errorf("list security keys: %w", err)
	}
	return waUser{u: u, keys: keys}, nil
}

// saveCeremony keeps the server's half of a ceremony that has begun, for
// whichever instance finishes it, until WebAuthnCeremonyTTL.
func (s *Service) saveCeremony(ctx context.Context, purpose, userID string, sd *webauthn.SessionData) error {
	data, err := json.Marshal(sd)
	if err != nil {
		return fmt.Errorf("encode webauthn session: %w", err)
	}
	now := s.clock()
	c := &WebAuthnCeremony{ChallengeHash: hashToken(sd.Challenge), Purpose: purpose, UserID: userID, Data: data,
		CreatedAt: now, ExpiresAt: now.Add(WebAuthnCeremonyTTL)}
	if err := s.store.CreateWebAuthnCeremony(ctx, c); err != nil {
		return fmt.Errorf("store webauthn ceremony: %w", err)
	}
	return nil
}

// whyCeremonyGone answers a credential whose ceremony is unknown: never
// begun here, expired, begun for something else, or already used.
const whyCeremonyGone = "this security key answer is not for a request that is open (it expired after 5 minutes, was already used, or was made for something else); start again"

// takeCeremony uses up the ceremony whose challenge the browser signed,
// provided it was begun for purpose (and, when userID is set, for that
// account). ok is false when there is none.
func (s *Service) takeCeremony(ctx context.Context, challenge, purpose, userID string) (sd webauthn.SessionData, ok bool, err error) {
	c, err := s.store.UseWebAuthnCeremony(ctx, hashToken(challenge), purpose, s.clock())
	if errors.Is(err, ErrNotFound) {
		return sd, false, nil
	}
	if err != nil {
		return sd, false, fmt.Errorf("use webauthn ceremony: %w", err)
	}
	if c.UserID != userID {
		return sd, false, nil
	}
	if err := json.Unmarshal(c.Data, &sd); err != nil {
		return sd, false, fmt.Errorf("decode webauthn session: %w", err)
	}
	return sd, true, nil
}

// parseAssertion reads the credential JSON of navigator.credentials.get().
func parseAssertion(field, code string) (*protocol.ParsedCredentialAssertionData, error) {
	if code == "" {
		return nil, badRequest(field, "is required: the credential JSON your security key or passkey returned")
	}
	if len(code) > maxCredentialJSON {
		return nil, badRequest(field, "is longer than %d bytes", maxCredentialJSON)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(code))
	if err != nil {
		return nil, badRequest(field, "is not the credential JSON of navigator.credentials.get(): %s", protocolDetail(err))
	}
	return parsed, nil
}

// protocolDetail is what the library says about a refused credential.
func protocolDetail(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.Details != "" {
		return pe.Details
	}
	return err.Error()
}

// checkWebAuthn checks a signature of one of u's keys for the ceremony
// begun for purpose. On success it records the new counter and the use;
// a counter that did not grow is refused as a possible clone, recorded and
// mailed.
func (s *Service) checkWebAuthn(ctx context.Context, u *User, code, purpose string, meta ClientMeta) (bool, reason, error) {
	parsed, err := parseAssertion("code", code)
	if err != nil {
		return false, reason{}, err
	}
	sd, ok, err := s.takeCeremony(ctx, parsed.Response.CollectedClientData.Challenge, purpose, u.ID)
	if err != nil || !ok {
		return false, because(whyCeremonyGone), err
	}
	user, err := s.accountKeys(ctx, u)
	if err != nil {
		return false, reason{}, err
	}
	return s.verifyAssertion(ctx, user, parsed, meta, func(rp *webauthn.WebAuthn) (*webauthn.Credential, error) {
		return rp.ValidateLogin(user, sd, parsed)
	})
}

// verifyAssertion verifies parsed with validate (the library's check
// against the ceremony's session data and the keys of user: challenge,
// origin, RP ID, flags, signature), checks the counter, and records the
// key's use.
func (s *Service) verifyAssertion(ctx context.Context, user waUser, parsed *protocol.ParsedCredentialAssertionData, meta ClientMeta, validate func(*webauthn.WebAuthn) (*webauthn.Credential, error)) (bool, reason, error) {
	rp, err := s.relyingParty()
	if err != nil {
		return false, reason{}, err
	}
	cred, err := validate(rp)
	if err != nil {
		return false, because("the security key's answer does not verify: %s", protocolDetail(err)), nil
	}
	var key *WebAuthnCredential
	for i := range user.keys {
		if bytes.Equal(user.keys[i].CredentialID, cred.ID) {
			key = &user.keys[i]
		}
	}
	if key == nil {
		return false, because("that security key is not registered to this account"), nil
	}
	count := parsed.Response.AuthenticatorData.Counter
	if cred.Authenticator.CloneWarning {
		s.possibleClone(ctx, user.u, key, count, meta)
		return false, because("this security key's signature counter went backwards, so it may have been copied; it was refused"), nil
	}
	won, err := s.store.UseWebAuthnCredential(ctx, key.ID, key.SignCount, count, cred.Flags.BackupState, s.clock())
	if err != nil {
		return false, reason{}, fmt.Errorf("record security key use: %w", err)
	}
	if !won { // another use of the key read the same counter and came first
		s.possibleClone(ctx, user.u, key, count, meta)
		return false, because("this security key signed twice with one counter value, so it may have been copied; it was refused"), nil
	}
	s.event(ctx, user.u.ID, EventWebAuthnUsed, meta, keyDetail(key))
	return true, reason{}, nil
}

// possibleClone records and mails a key whose counter did not grow.
func (s *Service) possibleClone(ctx context.Context, u *User, key *WebAuthnCredential, count uint32, meta ClientMeta) {
	s.event(ctx, u.ID, EventWebAuthnClone, meta, fmt.Sprintf("%s: counter %d after %d", keyDetail(key), count, key.SignCount))
	s.notify(ctx, u, func(tr *i18n.Printer) notice {
		return notice{tr.T("A security key of your account may have been copied"),
			tr.T("Your security key %[1]q signed in from %[2]s with a signature counter of %[3]d, but it had already "+
				"reached %[4]d. A genuine key only counts up, so there may be a copy of it; the sign-in was refused.\n\n"+
				"If you did not just use this key, remove it under My Account -> Security and change your password.",
				key.Name, meta.IP, count, key.SignCount)}
	})
}

// keyDetail names a key in the audit trail.
func keyDetail(k *WebAuthnCredential) string { return fmt.Sprintf("%q (%s)", k.Name, k.ID) }

// WebAuthnAvailable reports whether security keys and passkeys can be
// used: the server knows the address it is opened at (--base-url).
func (s *Service) WebAuthnAvailable() bool {
	_, err := s.relyingParty()
	return err == nil
}
