package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/codes"
	"github.com/twofa-dev/twofa/internal/i18n"
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
	// ExpiresAt is when the setup stops being accepted.
	ExpiresAt time.Time
}

// TOTPSetupTTL is how long an unconfirmed authenticator setup lasts.
const TOTPSetupTTL = 15 * time.Minute

var errTOTPEnabled = errorf(CodeTOTPAlreadyEnabled, "an authenticator app is already enabled; disable it first to set up a new one")

var errNoTOTPSetup = errorf(CodeTOTPSetupMissing,
	"there is no authenticator setup of this session to verify (a setup lasts 15 minutes and belongs to the session that started it); start the setup again")

// pendingTOTP is an unconfirmed setup: the secret, the session that began
// it and when. It is kept sealed in User.TOTPPending, so another session
// can neither see nor confirm it.
type pendingTOTP struct {
	secret  string
	session string
	began   time.Time
}

// pendingVersion marks the sealed form of pendingTOTP. A pending secret
// without it was stored by an older release, belongs to no session and is
// never shown or accepted.
const pendingVersion = "p1"

func (p pendingTOTP) encode() []byte {
	return []byte(strings.Join([]string{pendingVersion, strconv.FormatInt(p.began.UnixMicro(), 10), p.session, p.secret}, " "))
}

func decodePending(b []byte) (pendingTOTP, bool) {
	f := strings.Split(string(b), " ")
	if len(f) != 4 || f[0] != pendingVersion {
		return pendingTOTP{}, false
	}
	us, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return pendingTOTP{}, false
	}
	return pendingTOTP{began: time.UnixMicro(us).UTC(), session: f[2], secret: f[3]}, true
}

// pendingOf returns the unconfirmed setup of this session, if it has one
// that has not expired.
func (s *Service) pendingOf(p *Principal) (pendingTOTP, bool, error) {
	u := p.User
	if u.TOTPEnabled() || len(u.TOTPPending) == 0 {
		return pendingTOTP{}, false, nil
	}
	plain, err := s.keys.Open(u.TOTPPending, []byte(u.ID))
	if err != nil {
		return pendingTOTP{}, false, fmt.Errorf("open pending TOTP secret of %s: %w", u.ID, err)
	}
	pt, ok := decodePending(plain)
	if !ok || pt.session != p.Session.TokenHash || !s.clock().Before(pt.began.Add(TOTPSetupTTL)) {
		return pendingTOTP{}, false, nil
	}
	return pt, true, nil
}

// BeginTOTPSetup makes a new secret and keeps it, sealed, until a code from
// the app confirms it in this session within TOTPSetupTTL. Beginning again
// replaces an unconfirmed secret, also one begun by another session.
//
// It always needs proof with the request: a second factor, or the password
// when the account has none (no freshness exemption). Otherwise a session
// stolen soon after its login could enrol the thief's app, replace the
// recovery codes, and then use that app as proof to remove the owner's
// factors.
func (s *Service) BeginTOTPSetup(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) (*TOTPSetup, error) {
	if p.User.TOTPEnabled() {
		return nil, errTOTPEnabled
	}
	if err := s.requireAllowed(MethodTOTP); err != nil {
		return nil, err
	}
	if err := s.requireFactorProof(ctx, p, proof, meta); err != nil {
		return nil, err
	}
	sec, err := totp.NewSecret(s.rand)
	if err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	pt := pendingTOTP{secret: sec, session: p.Session.TokenHash, began: s.clock()}
	sealed, err := s.keys.Seal(pt.encode(), []byte(p.User.ID))
	if err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	if err := s.store.SetTOTPPending(ctx, p.User.ID, sealed); err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	p.User.TOTPPending = sealed
	return s.setupOf(p.User, pt)
}

// PendingTOTPSetup shows this session's unconfirmed setup again (after a
// wrong code), or nil when it has none that is still valid.
func (s *Service) PendingTOTPSetup(ctx context.Context, p *Principal) (*TOTPSetup, error) {
	pt, ok, err := s.pendingOf(p)
	if err != nil || !ok {
		return nil, err
	}
	return s.setupOf(p.User, pt)
}

func (s *Service) setupOf(u *User, pt pendingTOTP) (*TOTPSetup, error) {
	uri := totp.KeyURI(s.cfg().Issuer, u.Email, pt.secret)
	png, err := totp.QRPNG(uri)
	if err != nil {
		return nil, fmt.Errorf("totp setup: %w", err)
	}
	return &TOTPSetup{Secret: pt.secret, URI: uri, QRPNG: png, ExpiresAt: pt.began.Add(TOTPSetupTTL)}, nil
}

// ConfirmTOTP activates this session's pending secret when code is right
// for it, and returns a new set of recovery codes, shown this once. The
// proof that beginning the setup needed carries over: only the session that
// gave it can confirm, within TOTPSetupTTL. The step of the confirming code
// counts as used.
func (s *Service) ConfirmTOTP(ctx context.Context, p *Principal, code string, meta ClientMeta) ([]string, error) {
	u := p.User
	if u.TOTPEnabled() {
		return nil, errTOTPEnabled
	}
	pt, ok, err := s.pendingOf(p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoTOTPSetup
	}
	if err := s.requireAllowed(MethodTOTP); err != nil {
		return nil, err
	}
	norm, err := normalizeCode(MethodTOTP, code)
	if err != nil {
		return nil, err
	}
	var (
		step    int64
		matched time.Time
	)
	err = s.guarded(ctx, s.guards().sessionFactor, p.Session.ID, u, "totp-setup", false, meta, func(now time.Time) (bool, reason, error) {
		var ok bool
		var err error
		step, ok, err = totp.Match(pt.secret, norm, now, s.cfg().TOTPSkew)
		matched = now
		if err != nil {
			return false, reason{}, fmt.Errorf("check TOTP code: %w", err)
		}
		return ok, because("wrong code; scan the QR code again or check your device's clock, then enter the code now shown"), nil
	})
	if err != nil {
		return nil, err
	}
	now := s.clock()
	shown, hashes, err := s.newRecoveryCodes(u.ID)
	if err != nil {
		return nil, err
	}
	active, err := s.keys.Seal([]byte(pt.secret), []byte(u.ID))
	if err != nil {
		return nil, fmt.Errorf("enable TOTP: %w", err)
	}
	p.forgetRecoveryCount() // EnableTOTP replaces the recovery codes
	err = s.atomically(ctx, func(st Store) error {
		// The step before the code's is the last one used, so that the
		// code's own step is then used as any accepted code's is,
		// recording where in the window it matched.
		enabled, err := st.EnableTOTP(ctx, u.ID, u.TOTPPending, active, step-1, hashes, now)
		if err != nil {
			return fmt.Errorf("enable TOTP: %w", err)
		}
		if !enabled {
			return errorf(CodeTOTPSetupMissing, "this setup was replaced or already finished; reload the Security page")
		}
		cleared := &User{ID: u.ID} // with no drift, as EnableTOTP left it
		used, err := s.useTOTPStep(ctx, st, cleared, step, matched)
		if err != nil {
			return err
		}
		if !used {
			return fmt.Errorf("enable TOTP: step %d of the confirming code was refused right after enabling", step)
		}
		if err := s.record(ctx, st, u.ID, EventTOTPEnabled, meta, ""); err != nil {
			return err
		}
		return s.notifyTx(ctx, st, u, func(tr *i18n.Printer) notice {
			return notice{tr.T("An authenticator app was enabled"),
				tr.T("An authenticator app (TOTP) was enabled as a second factor of your account, and a new set of recovery codes was made.\n\n" +
					"If this was not you, someone has access to your account: sign in, disable it and change your password.")}
		})
	})
	if err != nil {
		return nil, err
	}
	return shown, nil
}

// newRecoveryCodes returns a set as shown to the user and as stored.
func (s *Service) newRecoveryCodes(userID string) (shown []string, hashes [][]byte, err error) {
	for range s.cfg().RecoveryCodes {
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
