package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// trustDevice remembers the client so its next logins skip the second step
// until TrustedDeviceTTL passes. It returns the device token for the client.
func (s *Service) trustDevice(ctx context.Context, u *User, meta ClientMeta) (string, error) {
	token, err := newToken(s.rand)
	if err != nil {
		return "", err
	}
	id, err := newID(s.rand, "d_")
	if err != nil {
		return "", err
	}
	now := s.clock()
	d := &TrustedDevice{
		ID:        id,
		TokenHash: hashToken(token),
		UserID:    u.ID,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg().TrustedDeviceTTL),
		LastUsed:  now,
		IP:        meta.IP,
		UserAgent: meta.UserAgent,
	}
	err = s.atomically(ctx, func(st Store) error {
		if err := st.CreateTrustedDevice(ctx, d); err != nil {
			return fmt.Errorf("trust device: %w", err)
		}
		if err := s.record(ctx, st, u.ID, EventDeviceTrusted, meta, id); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, u, func(tr *i18n.Printer) notice {
			return notice{tr.T("A new device was trusted"),
				tr.T("A device was set to skip the second step for %[1]d days:\n\n  address: %[2]s\n  browser: %[3]s\n\n"+
					"If this was not you, revoke it under My Account -> Security and change your password.",
					int(s.cfg().TrustedDeviceTTL.Hours()/24), meta.IP, meta.UserAgent)}
		})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// loginTrusted returns a session when token names a live trusted device of
// u, and nil (no error) when it does not: the login then asks for a second
// factor as usual. knownID is the known device the login came from.
func (s *Service) loginTrusted(ctx context.Context, u *User, token, knownID string, meta ClientMeta) (*IssuedSession, error) {
	now := s.clock()
	d, err := s.store.TrustedDeviceByHash(ctx, hashToken(token), now)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find trusted device: %w", err)
	}
	if d.UserID != u.ID {
		return nil, nil
	}
	if err := s.store.TouchTrustedDevice(ctx, d.ID, now, meta.IP, meta.UserAgent); err != nil {
		return nil, fmt.Errorf("touch trusted device: %w", err)
	}
	sess, err := s.issueSession(ctx, u, FactorDevice, knownID, meta)
	if err != nil {
		return nil, err
	}
	s.event(ctx, u.ID, EventLoginTrusted, meta, d.ID)
	return sess, nil
}

// TrustedDevices lists the signed-in user's trusted devices.
func (s *Service) TrustedDevices(ctx context.Context, p *Principal) ([]TrustedDevice, error) {
	ds, err := s.store.TrustedDevices(ctx, p.User.ID, s.clock())
	if err != nil {
		return nil, fmt.Errorf("list trusted devices: %w", err)
	}
	return ds, nil
}

// RevokeTrustedDevice forgets one device; id "" forgets them all.
func (s *Service) RevokeTrustedDevice(ctx context.Context, p *Principal, id string, meta ClientMeta) error {
	return s.atomically(ctx, func(st Store) error {
		var err error
		if id == "" {
			err = st.DeleteTrustedDevices(ctx, p.User.ID)
		} else {
			err = st.DeleteTrustedDevice(ctx, p.User.ID, id)
		}
		if errors.Is(err, ErrNotFound) {
			return fieldErrorf(CodeNotFound, "id", "no trusted device of yours has this id")
		}
		if err != nil {
			return fmt.Errorf("revoke trusted device: %w", err)
		}
		detail := id
		if id == "" {
			detail = "all"
		}
		return s.record(ctx, st, p.User.ID, EventDeviceRevoked, meta, detail)
	})
}

// revokeAllDevices is called, through the transaction st of the change,
// when a method is disabled, or the password or the address changes: a device
// trusted under the old setup must prove itself again.
func (s *Service) revokeAllDevices(ctx context.Context, st Store, userID string, meta ClientMeta, why string) error {
	if err := st.DeleteTrustedDevices(ctx, userID); err != nil {
		return fmt.Errorf("revoke trusted devices: %w", err)
	}
	return s.record(ctx, st, userID, EventDeviceRevoked, meta, "all ("+why+")")
}

// setupChanged ends, through st, what the account's old setup let in
// (trusted devices, logins waiting for their second step, mailed codes),
// records the change as event and queues the owner's notification: the
// common part of every change to the password or the second factors, in
// that change's transaction. why names the change for the device record.
func (s *Service) setupChanged(ctx context.Context, st Store, u *User, meta ClientMeta, why, event string, write noticeText) error {
	if err := s.revokeAllDevices(ctx, st, u.ID, meta, why); err != nil {
		return err
	}
	if err := s.endOpenLogins(ctx, st, u.ID); err != nil {
		return err
	}
	if err := s.record(ctx, st, u.ID, event, meta, ""); err != nil {
		return err
	}
	return s.notifyTx(ctx, st, u, write)
}

// endOpenLogins ends, through st, every login of the user still waiting
// for its second step, and every code and password reset link mailed to
// the user: after the password, a method or the address changed, none of
// them may finish what was started under the old setup (a reset link
// mailed to an address the account has left above all).
func (s *Service) endOpenLogins(ctx context.Context, st Store, userID string) error {
	if err := st.DeleteUserChallenges(ctx, userID); err != nil {
		return fmt.Errorf("end open logins: %w", err)
	}
	if err := st.DeleteUserEmailCodes(ctx, userID); err != nil {
		return fmt.Errorf("end pending codes: %w", err)
	}
	if err := st.ClosePasswordResets(ctx, userID, s.clock()); err != nil {
		return fmt.Errorf("close password reset links: %w", err)
	}
	return nil
}
