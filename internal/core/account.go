package core

import (
	"context"
	"fmt"
)

// AccountState is what the Security page and GET /me show.
type AccountState struct {
	User         *User
	TOTP         bool
	Email2FA     bool
	RecoveryLeft int
	// TOTPSetupOpen tells whether this session has an unconfirmed
	// authenticator setup that has not expired.
	TOTPSetupOpen bool
	// ClockDrift is how far the authenticator app's clock was found to be
	// off, nil when it was not.
	ClockDrift *ClockDrift
	// TOTPAllowed and EmailAllowed tell whether the settings let accounts
	// turn each method on.
	TOTPAllowed, EmailAllowed bool
	// Enrollment is what the enforcement setting asks of the account.
	Enrollment Enrollment
}

// Account returns the signed-in user's second-factor state. The count of
// recovery codes is the one Authenticate read with the session, unless
// something since may have changed it (or p was made otherwise): then it
// is counted again.
func (s *Service) Account(ctx context.Context, p *Principal) (*AccountState, error) {
	left, counted := p.recoveryCount()
	if !counted {
		var err error
		if left, err = s.store.RecoveryCodesLeft(ctx, p.User.ID); err != nil {
			return nil, fmt.Errorf("account: %w", err)
		}
	}
	_, open, err := s.pendingOf(p)
	if err != nil {
		return nil, fmt.Errorf("account: %w", err)
	}
	cfg := s.cfg()
	return &AccountState{
		User:          p.User,
		TOTP:          p.User.TOTPEnabled(),
		Email2FA:      p.User.Email2FA,
		RecoveryLeft:  left,
		TOTPSetupOpen: open,
		ClockDrift:    p.User.ClockDrift(),
		TOTPAllowed:   cfg.allows(MethodTOTP),
		EmailAllowed:  cfg.allows(MethodEmail),
		Enrollment:    s.EnrollmentState(p.User),
	}, nil
}
