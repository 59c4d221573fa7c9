package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// Error codes of security keys and passkeys.
const (
	// CodeWebAuthnInvalid refuses a registration whose credential does not
	// verify, or whose ceremony is not open (expired, used, or another
	// session's).
	CodeWebAuthnInvalid = "webauthn-invalid"
	// CodeLastWayIn refuses to remove the last passkey of an account that
	// has no password, or to drop the password of one without a passkey.
	CodeLastWayIn = "last-way-in"
)

// MaxWebAuthnKeys is how many security keys and passkeys one account may
// register.
const MaxWebAuthnKeys = 20

// maxKeyNameLen bounds the name of a key.
const maxKeyNameLen = 64

// WebAuthnCredentials lists the security keys and passkeys of the
// signed-in account, oldest first.
func (s *Service) WebAuthnCredentials(ctx context.Context, p *Principal) ([]WebAuthnCredential, error) {
	user, err := s.accountKeys(ctx, p.User)
	return user.keys, err
}

// optionsJSON encodes what the browser passes to navigator.credentials.
func optionsJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode webauthn options: %w", err)
	}
	return b, nil
}

// BeginWebAuthnRegistration starts adding a security key or passkey,
// after proof as for any change of the second factors, and returns the
// options for navigator.credentials.create() (the library's
// CredentialCreation: {"publicKey": {...}}). The ceremony belongs to this
// session and lasts WebAuthnCeremonyTTL.
func (s *Service) BeginWebAuthnRegistration(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) (json.RawMessage, error) {
	user, err := s.accountKeys(ctx, p.User)
	if err != nil {
		return nil, err
	}
	if len(user.keys) >= MaxWebAuthnKeys {
		return nil, badRequest("credential", "this account already has %d security keys and passkeys, the most it may have; remove one first", MaxWebAuthnKeys)
	}
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return nil, err
	}
	rp, err := s.relyingParty()
	if err != nil {
		return nil, err
	}
	exclude := make([]protocol.CredentialDescriptor, 0, len(user.keys))
	for _, c := range user.WebAuthnCredentials() {
		exclude = append(exclude, c.Descriptor())
	}
	creation, sd, err := rp.BeginRegistration(user,
		webauthn.WithExclusions(exclude),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred),
		webauthn.WithConveyancePreference(protocol.PreferNoAttestation),
		webauthn.WithExtensions(webauthn.WithExtensionCredProps()))
	if err != nil {
		return nil, fmt.Errorf("begin webauthn registration: %w", err)
	}
	if err := s.saveCeremony(ctx, registerPurpose(p.Session.TokenHash), p.User.ID, sd); err != nil {
		return nil, err
	}
	return optionsJSON(creation)
}

// FinishWebAuthnRegistration verifies the credential JSON of
// navigator.credentials.create() for this session's open registration and
// adds the key under name ("" picks one), recording and mailing the
// addition in the same transaction.
func (s *Service) FinishWebAuthnRegistration(ctx context.Context, p *Principal, credential, name string, meta ClientMeta) (*WebAuthnCredential, error) {
	if credential == "" {
		return nil, badRequest("credential", "is required: the credential JSON of navigator.credentials.create()")
	}
	if len(credential) > maxCredentialJSON {
		return nil, badRequest("credential", "is longer than %d bytes", maxCredentialJSON)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(credential))
	if err != nil {
		return nil, badRequest("credential", "is not the credential JSON of navigator.credentials.create(): %s", protocolDetail(err))
	}
	if name != "" {
		if name, err = keyName(name); err != nil {
			return nil, err
		}
	}
	sd, ok, err := s.takeCeremony(ctx, parsed.Response.CollectedClientData.Challenge, registerPurpose(p.Session.TokenHash), p.User.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, because(whyCeremonyGone).err(CodeWebAuthnInvalid).about("credential")
	}
	rp, err := s.relyingParty()
	if err != nil {
		return nil, err
	}
	user, err := s.accountKeys(ctx, p.User)
	if err != nil {
		return nil, err
	}
	cred, err := rp.CreateCredential(user, sd, parsed)
	if err != nil {
		return nil, errorf(CodeWebAuthnInvalid, "the new security key's answer does not verify: %s; start again", protocolDetail(err)).about("credential")
	}
	id, err := newID(s.rand, "wk_")
	if err != nil {
		return nil, err
	}
	discoverable := cred.Extensions.RK != nil && *cred.Extensions.RK
	if name == "" {
		name = "Security key"
		if discoverable {
			name = "Passkey"
		}
		name = fmt.Sprintf("%s %d", name, len(user.keys)+1)
	}
	key := &WebAuthnCredential{
		ID: id, UserID: p.User.ID, UserHandle: userHandle(p.User), CredentialID: cred.ID, PublicKey: cred.PublicKey,
		SignCount: cred.Authenticator.SignCount, BackupEligible: cred.Flags.BackupEligible, BackupState: cred.Flags.BackupState,
		Discoverable: discoverable, AAGUID: cred.Authenticator.AAGUID, Name: name, CreatedAt: s.clock(),
	}
	for _, t := range cred.Transport {
		key.Transports = append(key.Transports, string(t))
	}
	err = s.atomically(ctx, func(st Store) error {
		if err := st.AddWebAuthnCredential(ctx, key); err != nil {
			if errors.Is(err, ErrConflict) {
				return errorf(CodeWebAuthnInvalid, "this security key is already registered").about("credential")
			}
			return fmt.Errorf("add security key: %w", err)
		}
		if err := s.record(ctx, st, p.User.ID, EventWebAuthnAdded, meta, keyDetail(key)); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, p.User, func(tr *i18n.Printer) notice {
			return notice{tr.T("A security key was added to your account"),
				tr.T("The security key or passkey %[1]q was added to your account (from %[2]s); it can now sign in.\n\n"+
					"If this was not you, someone has access to your account: remove it under My Account -> Security and change your password.",
					key.Name, meta.IP)}
		})
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// keyName checks the name of a key.
func keyName(raw string) (string, error) {
	name, err := normalizeName("name", raw)
	if err != nil {
		return "", err
	}
	if len([]rune(name)) > maxKeyNameLen {
		return "", badRequest("name", "is longer than %d characters", maxKeyNameLen)
	}
	return name, nil
}

var errNoSuchKey = errorf(CodeNotFound, "this account has no such security key; list them with GET /api/v1/me/webauthn/credentials")

// keyOf returns the user's key id.
func (s *Service) keyOf(ctx context.Context, p *Principal, id string) (*WebAuthnCredential, []WebAuthnCredential, error) {
	user, err := s.accountKeys(ctx, p.User)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(user.keys, func(k WebAuthnCredential) bool { return k.ID == id })
	if i < 0 {
		return nil, nil, errNoSuchKey
	}
	return &user.keys[i], user.keys, nil
}

// RenameWebAuthnCredential renames one of the account's keys. A name
// protects nothing, so it needs no proof.
func (s *Service) RenameWebAuthnCredential(ctx context.Context, p *Principal, id, name string, meta ClientMeta) (*WebAuthnCredential, error) {
	name, err := keyName(name)
	if err != nil {
		return nil, err
	}
	key, _, err := s.keyOf(ctx, p, id)
	if err != nil {
		return nil, err
	}
	old := keyDetail(key)
	key.Name = name
	err = s.atomically(ctx, func(st Store) error {
		if err := st.RenameWebAuthnCredential(ctx, p.User.ID, id, name); errors.Is(err, ErrNotFound) {
			return errNoSuchKey
		} else if err != nil {
			return fmt.Errorf("rename security key: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventWebAuthnRenamed, meta, old+" to "+keyDetail(key))
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// RemoveWebAuthnCredential removes one of the account's keys, after
// proof. The last passkey of an account without a password stays: it is
// the account's way in.
func (s *Service) RemoveWebAuthnCredential(ctx context.Context, p *Principal, id string, proof Proof, meta ClientMeta) error {
	key, keys, err := s.keyOf(ctx, p, id)
	if err != nil {
		return err
	}
	if p.User.PasswordHash == "" && passkeysBut(keys, id) == 0 {
		return errLastWayIn
	}
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return err
	}
	return s.atomically(ctx, func(st Store) error {
		if err := st.DeleteWebAuthnCredential(ctx, p.User.ID, id); errors.Is(err, ErrNotFound) {
			return errNoSuchKey
		} else if err != nil {
			return fmt.Errorf("remove security key: %w", err)
		}
		if err := s.record(ctx, st, p.User.ID, EventWebAuthnRemoved, meta, keyDetail(key)); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, p.User, func(tr *i18n.Printer) notice {
			return notice{tr.T("A security key was removed from your account"),
				tr.T("The security key or passkey %[1]q was removed from your account (from %[2]s); it can no longer sign in.\n\n"+
					"If this was not you, someone has access to your account: change your password.",
					key.Name, meta.IP)}
		})
	})
}

var errLastWayIn = errorf(CodeLastWayIn,
	"this is the last passkey of an account without a password, its only way in: set a password or add another passkey first")

// passkeysBut counts the passkeys among keys other than id.
func passkeysBut(keys []WebAuthnCredential, id string) int {
	n := 0
	for _, k := range keys {
		if k.Discoverable && k.ID != id {
			n++
		}
	}
	return n
}

// BeginWebAuthnLogin starts the second step of the login named by
// challenge with a security key, and returns the options for
// navigator.credentials.get() ({"publicKey": {...}}).
func (s *Service) BeginWebAuthnLogin(ctx context.Context, challenge string, meta ClientMeta) (json.RawMessage, error) {
	c, u, err := s.challenge(ctx, challenge)
	if err != nil {
		return nil, err
	}
	return s.beginAssertion(ctx, u, loginPurpose(c.TokenHash))
}

// BeginWebAuthnStepUp starts a proof with a security key for a sensitive
// action of this session; the action then carries the credential JSON as
// its proof (method webauthn).
func (s *Service) BeginWebAuthnStepUp(ctx context.Context, p *Principal, meta ClientMeta) (json.RawMessage, error) {
	return s.beginAssertion(ctx, p.User, stepUpPurpose(p.Session.TokenHash))
}

// beginAssertion begins a signature by one of u's keys for purpose.
func (s *Service) beginAssertion(ctx context.Context, u *User, purpose string) (json.RawMessage, error) {
	user, err := s.accountKeys(ctx, u)
	if err != nil {
		return nil, err
	}
	if len(user.keys) == 0 {
		return nil, errorf(CodeMethodUnavailable, "this account has no security key or passkey; use another method").about("method")
	}
	rp, err := s.relyingParty()
	if err != nil {
		return nil, err
	}
	assertion, sd, err := rp.BeginLogin(user, webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return nil, fmt.Errorf("begin webauthn login: %w", err)
	}
	if err := s.saveCeremony(ctx, purpose, u.ID, sd); err != nil {
		return nil, err
	}
	return optionsJSON(assertion)
}
