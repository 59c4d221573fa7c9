package core

import (
	"context"
	"fmt"
)

// Audit event types.
const (
	EventSignUp             = "signup"
	EventLogin              = "login"
	EventLoginTrusted       = "login-trusted-device"
	EventLoginFailed        = "login-failed"
	EventLogout             = "logout"
	EventSecondFactorFailed = "2fa-failed"
	EventAccountLocked      = "2fa-locked"
	EventTOTPEnabled        = "totp-enabled"
	EventTOTPDisabled       = "totp-disabled"
	EventEmail2FAEnabled    = "email-2fa-enabled"
	EventEmail2FADisabled   = "email-2fa-disabled"
	EventRecoveryRegen      = "recovery-codes-regenerated"
	EventRecoveryUsed       = "recovery-code-used"
	EventDeviceTrusted      = "device-trusted"
	EventDeviceRevoked      = "device-revoked"
	EventPasswordChanged    = "password-changed"
	EventEmailChanged       = "email-changed"
	EventEmailChangeUndone  = "email-change-undone"
)

// Events returns the newest audit events of the signed-in user.
func (s *Service) Events(ctx context.Context, p *Principal, limit int) ([]Event, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	ev, err := s.store.Events(ctx, p.User.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return ev, nil
}
