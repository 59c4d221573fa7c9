package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// Error codes of administration.
const (
	// CodeForbidden answers an administrative request from an account that
	// is not an administrator.
	CodeForbidden = "forbidden"
	// CodeLastAdmin refuses a change that would leave the server with no
	// administrator who can sign in.
	CodeLastAdmin = "last-admin"
	// CodeAccountDisabled answers the right password of a disabled account.
	CodeAccountDisabled = "account-disabled"
)

// Audit events of administration. The detail names the administrator
// ("by admin@example.com", or "by the command line").
const (
	EventRoleChanged      = "role-changed"
	EventTwoFactorReset   = "2fa-reset"
	EventUnlocked         = "unlocked"
	EventAccountDisabled  = "account-disabled"
	EventAccountEnabled   = "account-enabled"
	EventSessionsEndedAll = "sessions-ended-by-admin"
)

var (
	errNotAdmin           = errorf(CodeForbidden, "only administrators may do this")
	errAdminWithoutFactor = errorf(CodeForbidden, "administrative changes need a second factor on your own account: "+
		"turn on email codes or an authenticator app under My Account -> Security first")
	errAccountDisabled = errorf(CodeAccountDisabled, "this account is disabled; ask an administrator to enable it")
)

// Operator is who makes an administrative change: a signed-in
// administrator who has just proved a second factor, or the command line
// of the machine twofa runs on. Only AdminOperator and CommandLine make
// one, so a change cannot be made on behalf of nobody.
type Operator struct {
	userID string
	name   string
	meta   ClientMeta
}

// CommandLine is the operator of the twofa admin commands: whoever can run
// them can read the database and the key file already.
func CommandLine() *Operator { return &Operator{name: "the command line"} }

// by is the audit detail naming the operator.
func (o *Operator) by() string { return "by " + o.name }

// RequireAdmin refuses a principal that is not an administrator. It is
// enough for reading the admin pages; changes need AdminOperator.
func (s *Service) RequireAdmin(p *Principal) error {
	if p == nil || !p.User.IsAdmin() {
		return errNotAdmin
	}
	return nil
}

// AdminOperator checks that p is an administrator with a second factor
// whose session proved it recently, or proves it now with proof, as the
// account's own sensitive changes do; it returns the Operator that
// administrative changes take. An administrator without any second factor
// may read the admin pages but change nothing.
func (s *Service) AdminOperator(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) (*Operator, error) {
	if err := s.RequireAdmin(p); err != nil {
		return nil, err
	}
	methods, _, err := s.methods(ctx, p.User)
	if err != nil {
		return nil, err
	}
	if len(methods) == 0 { // nothing to prove a change with: a stolen password would be enough
		return nil, errAdminWithoutFactor
	}
	// While the account's address change can still be undone, a code to
	// the new address proves nothing: whoever changed the address may
	// hold it. Then only a factor of the account from before, proved
	// now, will do, however fresh the session.
	undo, err := s.store.EmailUndoOpen(ctx, p.User.ID, s.clock())
	if err != nil {
		return nil, fmt.Errorf("administrative change: %w", err)
	}
	if undo {
		err = s.requireFactorProof(ctx, p, proof, meta)
	} else {
		err = s.requireFresh(ctx, p, proof, meta)
	}
	if err != nil {
		return nil, err
	}
	return &Operator{userID: p.User.ID, name: p.User.Email, meta: meta}, nil
}

// FindUser returns the account with that email address, for an
// administrator; a not-found error naming field otherwise.
func (s *Service) FindUser(ctx context.Context, field, email string) (*User, error) {
	u, err := s.store.UserByEmail(ctx, foldEmail(email))
	if errors.Is(err, ErrNotFound) {
		return nil, fieldErrorf(CodeNotFound, field, "no account has the address %s", email)
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// User returns the account with that id, for an administrator.
func (s *Service) User(ctx context.Context, id string) (*User, error) {
	u, err := s.store.UserByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, fieldErrorf(CodeNotFound, "id", "no account has this id")
	}
	if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// CreateAdmin makes a new administrator account, as SignUp makes a user
// (no per-address limit: it runs from the command line).
func (s *Service) CreateAdmin(ctx context.Context, in SignUpInput, op *Operator) (*User, error) {
	return s.signUp(ctx, in, RoleAdmin, op.meta, op.by())
}

// Admins lists the administrators, by email.
func (s *Service) Admins(ctx context.Context) ([]User, error) {
	list, err := s.store.UsersByRole(ctx, RoleAdmin)
	if err != nil {
		return nil, fmt.Errorf("list administrators: %w", err)
	}
	return list, nil
}

// SetRole makes the account an administrator (RoleAdmin) or a user
// (RoleUser). The last administrator who can sign in keeps the role.
func (s *Service) SetRole(ctx context.Context, userID, role string, op *Operator) error {
	if role != RoleAdmin && role != RoleUser {
		return badRequest("role", "must be %q or %q", RoleAdmin, RoleUser)
	}
	return s.atomically(ctx, func(st Store) error {
		u, err := s.lockAccount(ctx, st, userID)
		if err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		if role != RoleAdmin {
			if err := keepAnAdmin(ctx, st, u); err != nil {
				return err
			}
		}
		if err := st.SetRole(ctx, u.ID, role); err != nil {
			return fmt.Errorf("set role: %w", err)
		}
		return s.record(ctx, st, u.ID, EventRoleChanged, op.meta, u.Role+" -> "+role+" "+op.by())
	})
}

// adminsKey is held (Store.HoldThrottle) by every transaction that may take
// the last administrator away, so two of them cannot both see another
// administrator left.
const adminsKey = "lock:admins"

// lockAccount holds adminsKey and reads the account in st.
func (s *Service) lockAccount(ctx context.Context, st Store, userID string) (*User, error) {
	if _, err := st.HoldThrottle(ctx, adminsKey); err != nil {
		return nil, fmt.Errorf("hold administrators: %w", err)
	}
	u, err := st.UserByID(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return nil, fieldErrorf(CodeNotFound, "id", "no account has this id")
	}
	if err != nil {
		return nil, fmt.Errorf("read account: %w", err)
	}
	return u, nil
}

// keepAnAdmin refuses to take u out of the administrators who can sign in
// (by demotion, disabling or deletion) when it is the last of them. The
// caller holds adminsKey in st.
func keepAnAdmin(ctx context.Context, st Store, u *User) error {
	if !u.IsAdmin() || u.Disabled() {
		return nil
	}
	admins, err := st.UsersByRole(ctx, RoleAdmin)
	if err != nil {
		return fmt.Errorf("list administrators: %w", err)
	}
	for _, a := range admins {
		if a.ID != u.ID && !a.Disabled() {
			return nil
		}
	}
	return errorf(CodeLastAdmin, "%s is the last administrator; make another account an administrator first", u.Email)
}

// KeepAnAdmin refuses, within a transaction, to remove the account with
// that id when it is the last administrator who can sign in; account
// deletion calls it.
func (s *Service) KeepAnAdmin(ctx context.Context, st Store, userID string) error {
	u, err := s.lockAccount(ctx, st, userID)
	if err != nil {
		return err
	}
	return keepAnAdmin(ctx, st, u)
}

// ResetTwoFactor is what an administrator does for a user who lost the
// phone and the recovery codes: it removes the authenticator app, the
// recovery codes, the security keys and passkeys, and the trusted devices, ends every session, pending
// login and app sign-in, and turns email codes on so that the account keeps a second
// factor; all in one transaction with the audit event and the mail that
// tells the owner.
func (s *Service) ResetTwoFactor(ctx context.Context, userID string, op *Operator) error {
	return s.atomically(ctx, func(st Store) error {
		u, err := s.lockAccount(ctx, st, userID)
		if err != nil {
			return err
		}
		steps := []struct {
			what string
			do   func() error
		}{
			{"disable TOTP", func() error { return st.DisableTOTP(ctx, u.ID) }},
			{"remove recovery codes", func() error { return st.ReplaceRecoveryCodes(ctx, u.ID, nil, s.clock()) }},
			{"forget trusted devices", func() error { return st.DeleteTrustedDevices(ctx, u.ID) }},
			{"end access", func() error { return s.endAccess(ctx, st, u.ID) }},
			{"remove security keys", func() error { return deleteSecurityKeys(ctx, st, u.ID) }},
			{"turn email codes on", func() error { return st.SetEmail2FA(ctx, u.ID, true) }},
		}
		for _, step := range steps {
			if err := step.do(); err != nil {
				return fmt.Errorf("reset 2FA: %s: %w", step.what, err)
			}
		}
		if err := s.record(ctx, st, u.ID, EventTwoFactorReset, op.meta, op.by()); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, u, func(tr *i18n.Printer) notice {
			return notice{tr.T("Your two-factor authentication was reset"),
				tr.T("An administrator reset the two-factor authentication of your account: the authenticator app, " +
					"the recovery codes, the security keys and passkeys, and the trusted devices were removed, " +
					"and every session and app sign-in was ended. " +
					"Until you set up an authenticator app again, a code mailed to this address is your second factor.\n\n" +
					"Sign in, then go to My Account -> Security to set up your authenticator app (and security keys) again; " +
					"if the account had passkeys and no password, choose a password with \"Forgot password?\" on the login page.\n\n" +
					"If you did not ask for this, tell your administrator at once.")}
		})
	})
}

// Unlock lifts the guessing locks of the account: every second-factor and
// mail limit kept for it and its devices. Per-address limits of logins
// are not the account's and stay.
func (s *Service) Unlock(ctx context.Context, userID string, op *Operator) error {
	return s.atomically(ctx, func(st Store) error {
		u, err := s.lockAccount(ctx, st, userID)
		if err != nil {
			return err
		}
		if _, err := st.DeleteThrottles(ctx, accountLimitPrefixes(u.ID)); err != nil {
			return fmt.Errorf("unlock: %w", err)
		}
		return s.record(ctx, st, u.ID, EventUnlocked, op.meta, op.by())
	})
}

// accountLimitPrefixes are the key prefixes of the limits kept per
// account (see requester).
func accountLimitPrefixes(userID string) []string {
	r := requester(userID, "")
	r = r[:len(r)-len(unknownDevice)]
	return []string{secondFactorKey(r), mailUserKey(r), mailSessionsKey(userID)}
}

// Locks returns the account's limit records that lock it now.
func (s *Service) Locks(ctx context.Context, userID string) ([]Throttle, error) {
	all, err := s.store.ThrottlesByPrefix(ctx, accountLimitPrefixes(userID))
	if err != nil {
		return nil, fmt.Errorf("read locks: %w", err)
	}
	now := s.clock()
	var out []Throttle
	for _, t := range all {
		if t.LockedUntil.After(now) {
			out = append(out, t)
		}
	}
	return out, nil
}

// SetDisabled disables the account (ending its sessions and pending
// logins, and revoking the tokens of the apps it signed in to) or enables
// it again. The last administrator who can sign in
// cannot be disabled.
func (s *Service) SetDisabled(ctx context.Context, userID string, disabled bool, op *Operator) error {
	return s.atomically(ctx, func(st Store) error {
		u, err := s.lockAccount(ctx, st, userID)
		if err != nil {
			return err
		}
		if u.Disabled() == disabled {
			return nil
		}
		if !disabled {
			if err := st.SetDisabled(ctx, u.ID, time.Time{}); err != nil {
				return fmt.Errorf("enable account: %w", err)
			}
			return s.record(ctx, st, u.ID, EventAccountEnabled, op.meta, op.by())
		}
		if err := keepAnAdmin(ctx, st, u); err != nil {
			return err
		}
		if err := st.SetDisabled(ctx, u.ID, s.clock()); err != nil {
			return fmt.Errorf("disable account: %w", err)
		}
		if err := s.endAccess(ctx, st, u.ID); err != nil {
			return fmt.Errorf("disable account: %w", err)
		}
		return s.record(ctx, st, u.ID, EventAccountDisabled, op.meta, op.by())
	})
}

// EndUserSessions ends every session and pending login of the account,
// and signs it out of the apps it signed in to (their tokens are revoked;
// the consents stay).
func (s *Service) EndUserSessions(ctx context.Context, userID string, op *Operator) error {
	return s.atomically(ctx, func(st Store) error {
		u, err := s.lockAccount(ctx, st, userID)
		if err != nil {
			return err
		}
		if err := s.endAccess(ctx, st, u.ID); err != nil {
			return err
		}
		return s.record(ctx, st, u.ID, EventSessionsEndedAll, op.meta, op.by())
	})
}

// endAccess ends, in st, every session and pending login of the account
// and its apps' sign-ins: what an administrator's reset, disabling and
// ending of sessions all take away.
func (s *Service) endAccess(ctx context.Context, st Store, userID string) error {
	if err := st.DeleteUserSessions(ctx, userID, ""); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if err := st.DeleteUserChallenges(ctx, userID); err != nil {
		return fmt.Errorf("end pending logins: %w", err)
	}
	return s.signOutApps(ctx, st, userID)
}

// deleteSecurityKeys removes every security key and passkey of the account.
func deleteSecurityKeys(ctx context.Context, st Store, userID string) error {
	keys, err := st.WebAuthnCredentials(ctx, userID)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := st.DeleteWebAuthnCredential(ctx, userID, k.ID); err != nil {
			return err
		}
	}
	return nil
}
