package core

import (
	"context"
	"fmt"
	"time"

	"github.com/twofa-dev/twofa/internal/codes"
	"github.com/twofa-dev/twofa/internal/totp"
)

// TOTPSetup is what a user needs to add the account to an authenticator app.
type TOTPSetup struct {
	// Secret is unpadded upper-case base32, as apps take it.
	Secret string
	// URI is the otpauth:// URL in Google's Key Uri Format.
	URI string
	// QRPNG is a PNG QR code of URI.
	QRPNG []byte
}

var errTOTPEnabled = &Error{Code: CodeTOTPAlreadyEnabled, Message: "an authenticator app is already enabled; disable it first to set up a new one"}

// BeginTOTPSetup makes a new secret and keeps it, sealed, until a code from
// the app confirms it. Beginning again replaces an unconfirmed secret.
//
// An account that already has a second factor must have proved one in this
// session within StepUpFreshness (or present proof now): otherwise a stolen
// session could enrol the thief's app, replace the recovery codes, and then
// use that app as proof to remove the owner's factors.
func (s *Service) BeginTOTPSetup(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) (*TOTPSetup, error) {
	if p.User.TOTPEnabled() {
		return nil, errTOTPEnabled
	}
	if err := s.requireFresh(ctx, p, proof, meta); err != nil {
		return nil, err
	}
	sec, err := totp.NewSecret(s.rand)
	if err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	sealed, err := s.keys.Seal([]byte(sec), []byte(p.User.ID))
	if err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	if err := s.store.SetTOTPPending(ctx, p.User.ID, sealed); err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	p.User.TOTPPending = sealed
	return s.setupOf(p.User, sec)
}

// PendingTOTPSetup shows the unconfirmed setup again (after a wrong code),
// or nil when there is none.
func (s *Service) PendingTOTPSetup(ctx context.Context, p *Principal) (*TOTPSetup, error) {
	if p.User.TOTPEnabled() || len(p.User.TOTPPending) == 0 {
		return nil, nil
	}
	sec, err := s.keys.Open(p.User.TOTPPending, []byte(p.User.ID))
	if err != nil {
		return nil, fmt.Errorf("open pending TOTP secret: %w", err)
	}
	return s.setupOf(p.User, string(sec))
}

func (s *Service) setupOf(u *User, sec string) (*TOTPSetup, error) {
	uri := totp.KeyURI(s.cfg.Issuer, u.Email, sec)
	png, err := totp.QRPNG(uri)
	if err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	return &TOTPSetup{Secret: sec, URI: uri, QRPNG: png}, nil
}

// ConfirmTOTP activates the pending secret when code is right for it, and
// returns a new set of recovery codes, shown this once. The step of the
// confirming code counts as used.
func (s *Service) ConfirmTOTP(ctx context.Context, p *Principal, code string, meta ClientMeta) ([]string, error) {
	u := p.User
	if u.TOTPEnabled() {
		return nil, errTOTPEnabled
	}
	if len(u.TOTPPending) == 0 {
		return nil, &Error{Code: CodeTOTPSetupMissing, Message: "there is no authenticator setup to verify; start the setup first"}
	}
	norm, err := normalizeCode(MethodTOTP, code)
	if err != nil {
		return nil, err
	}
	sec, err := s.keys.Open(u.TOTPPending, []byte(u.ID))
	if err != nil {
		return nil, fmt.Errorf("open pending TOTP secret: %w", err)
	}
	var step int64
	err = s.guarded(ctx, s.guards.secondFactor, requester(u.ID, p.Session.KnownDeviceID), u, "totp-setup", false, meta, func(now time.Time) (bool, string, error) {
		var ok bool
		var err error
		step, ok, err = totp.Match(string(sec), norm, now, totpSkew)
		if err != nil {
			return false, "", fmt.Errorf("check TOTP code: %w", err)
		}
		return ok, "wrong code; scan the QR code again or check your device's clock, then enter the code now shown", nil
	})
	if err != nil {
		return nil, err
	}
	now := s.clock()
	shown, hashes, err := s.newRecoveryCodes(u.ID)
	if err != nil {
		return nil, err
	}
	enabled, err := s.store.EnableTOTP(ctx, u.ID, u.TOTPPending, step, hashes, now)
	if err != nil {
		return nil, fmt.Errorf("enable TOTP: %w", err)
	}
	if !enabled {
		return nil, &Error{Code: CodeTOTPSetupMissing, Message: "this setup was replaced or already finished; reload the Security page"}
	}
	s.event(ctx, u.ID, EventTOTPEnabled, meta, "")
	s.notify(u, "An authenticator app was enabled",
		"An authenticator app (TOTP) was enabled as a second factor of your account, and a new set of recovery codes was made.\n\n"+
			"If this was not you, someone has access to your account: sign in, disable it and change your password.")
	return shown, nil
}

// newRecoveryCodes returns a set as shown to the user and as stored.
func (s *Service) newRecoveryCodes(userID string) (shown []string, hashes [][]byte, err error) {
	for range s.cfg.RecoveryCodes {
		c, err := codes.NewRecoveryCode(s.rand)
		if err != nil {
			return nil, nil, fmt.Errorf("recovery code: %w", err)
		}
		norm, _ := codes.NormalizeRecoveryCode(c)
		shown = append(shown, c)
		hashes = append(hashes, s.recoveryHash(userID, norm))
	}
	return shown, hashes, nil
}
