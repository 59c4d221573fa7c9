package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// passkeyBeginPolicy bounds the passkey sign-ins one client address (an
// IPv4 address or IPv6 /64) may begin: each stores a ceremony for
// WebAuthnCeremonyTTL, for anyone who asks. 100 (the login page begins one
// as it loads where the browser offers passkey autofill), then one a
// minute until the address has been quiet for an hour.
var passkeyBeginPolicy = Policy{Free: 100, Base: time.Minute, Max: time.Minute, Decay: time.Hour}

func passkeyAddrKey(ip string) string { return "passkey-ip:" + addrBlock(ip) }

// BeginPasskeyLogin starts a sign-in with a passkey, for no account in
// particular: the browser offers the passkeys it holds for this site, and
// the one chosen names its account. It returns the options for
// navigator.credentials.get() ({"publicKey": {...}}), which ask the
// authenticator to verify its user (PIN, fingerprint, face), so that the
// passkey proves both factors.
func (s *Service) BeginPasskeyLogin(ctx context.Context, meta ClientMeta) (json.RawMessage, error) {
	rp, err := s.relyingParty()
	if err != nil {
		return nil, err
	}
	assertion, sd, err := rp.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, fmt.Errorf("begin passkey login: %w", err)
	}
	save := func() (verdict, error) { return used, s.saveCeremony(ctx, passkeyPurpose, "", sd) }
	if meta.IP != "" {
		_, err = s.policyGuard(passkeyBeginPolicy, passkeyAddrKey).attempt(ctx, meta.IP, s.clock(), save)
	} else {
		_, err = save()
	}
	if err != nil {
		return nil, err
	}
	return optionsJSON(assertion)
}

var errPasskeyRefused = errorf(CodeInvalidCredentials,
	"this passkey does not sign in to any account here, or its answer does not verify; sign in with your email address and password").about("credential")

// FinishPasskeyLogin signs in with the credential JSON of a passkey
// (navigator.credentials.get() for the options of BeginPasskeyLogin). The
// ceremony, the key's counter, the session and the audit event are
// written in one transaction. Failures count against the client address
// as wrong passwords do.
func (s *Service) FinishPasskeyLogin(ctx context.Context, credential string, meta ClientMeta) (*IssuedSession, error) {
	parsed, err := parseAssertion("credential", credential)
	if err != nil {
		return nil, err
	}
	var (
		sess    *IssuedSession
		refusal error
	)
	check := func() (verdict, error) {
		err := s.atomically(ctx, func(st Store) error {
			var err error
			sess, err = s.within(st).passkeyLogin(ctx, parsed, meta)
			if _, ok := AsError(err); ok {
				refusal = err
				return nil
			}
			return err
		})
		switch {
		case err != nil:
			return unchecked, err
		case refusal != nil:
			return wrong, nil
		}
		return noProof, nil
	}
	if meta.IP != "" {
		_, err = s.guards().loginAddr.attempt(ctx, meta.IP, s.clock(), check)
	} else {
		_, err = check()
	}
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// passkeyLogin is FinishPasskeyLogin's work, on a view of the Service
// within its transaction.
func (s *Service) passkeyLogin(ctx context.Context, parsed *protocol.ParsedCredentialAssertionData, meta ClientMeta) (*IssuedSession, error) {
	sd, ok, err := s.takeCeremony(ctx, parsed.Response.CollectedClientData.Challenge, passkeyPurpose, "")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, because(whyCeremonyGone).err(CodeInvalidCredentials).about("credential")
	}
	key, err := s.store.WebAuthnCredentialByCredentialID(ctx, parsed.RawID)
	if errors.Is(err, ErrNotFound) {
		s.event(ctx, "", EventLoginFailed, meta, "unknown passkey")
		return nil, errPasskeyRefused
	}
	if err != nil {
		return nil, fmt.Errorf("find passkey: %w", err)
	}
	u, err := s.store.UserByID(ctx, key.UserID)
	if err != nil {
		return nil, fmt.Errorf("find passkey account: %w", err)
	}
	if !bytes.Equal(parsed.Response.UserHandle, key.UserHandle) {
		s.event(ctx, u.ID, EventLoginFailed, meta, "passkey with another user handle: "+keyDetail(key))
		return nil, errPasskeyRefused
	}
	user, err := s.accountKeys(ctx, u)
	if err != nil {
		return nil, err
	}
	ok, why, err := s.verifyAssertion(ctx, user, parsed, meta, func(rp *webauthn.WebAuthn) (*webauthn.Credential, error) {
		_, cred, err := rp.ValidatePasskeyLogin(func(_, _ []byte) (webauthn.User, error) { return user, nil }, sd, parsed)
		return cred, err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		s.event(ctx, u.ID, EventLoginFailed, meta, "passkey: "+why.String())
		return nil, why.err(CodeInvalidCredentials).about("credential")
	}
	if u.Disabled() {
		return nil, errAccountDisabled
	}
	sess, err := s.issueSession(ctx, u, FactorPasskey, "", meta)
	if err != nil {
		return nil, err
	}
	if err := s.record(ctx, s.store, u.ID, EventLogin, meta, FactorPasskey+" "+keyDetail(key)); err != nil {
		return nil, err
	}
	return sess, nil
}

// RemovePassword drops the account's password, after proof: it then signs
// in with its passkeys only. It needs a passkey to sign in with, so that
// it never loses its last way in.
func (s *Service) RemovePassword(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	if p.User.PasswordHash == "" {
		return nil
	}
	user, err := s.accountKeys(ctx, p.User)
	if err != nil {
		return err
	}
	if passkeysBut(user.keys, "") == 0 {
		return errorf(CodeLastWayIn, "the password is this account's only way in: add a passkey (a security key or device that signs in on its own) first")
	}
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return err
	}
	return s.atomically(ctx, func(st Store) error {
		if err := st.SetPassword(ctx, p.User.ID, "", s.clock()); err != nil {
			return fmt.Errorf("remove password: %w", err)
		}
		if err := s.record(ctx, st, p.User.ID, EventPasswordRemoved, meta, ""); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, p.User, func(tr *i18n.Printer) notice {
			return notice{tr.T("Your account no longer has a password"),
				tr.T("The password of your account was removed: it now signs in with its passkeys only.\n\n" +
					"If this was not you, someone has access to your account: reset your password with \"Forgot password?\" on the sign-in page.")}
		})
	})
}
