package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// LoginInput is the first step of a login.
type LoginInput struct {
	Email    string
	Password string
	// DeviceToken is the token of a trusted device, if the client has one.
	DeviceToken string
	// KnownDevice is the known-device token a login of this client got
	// before, if it has one.
	KnownDevice string
}

// LoginResult is either a session (no second step needed) or a challenge.
type LoginResult struct {
	Session   *IssuedSession
	Challenge *ChallengeInfo
}

// ChallengeInfo tells the client how to finish the login.
type ChallengeInfo struct {
	// Token names the challenge in the second step.
	Token string
	// Methods are every second factor the account can use now.
	Methods []string
	// Method is the one to offer first.
	Method string
	// CodeSent tells whether an email code went out.
	CodeSent bool
}

// loginGuard picks the limit on a login's password check: the known
// device's own record when the client presents a known device of the
// account it logs in to, so that failures of others (behind the same
// address) never refuse the owner's right password there; otherwise the
// client address's record; none without an address.
func (s *Service) loginGuard(known *KnownDevice, meta ClientMeta) (g guard, subject string, ok bool) {
	switch {
	case known != nil:
		return s.guards().loginDevice, known.ID, true
	case meta.IP != "":
		return s.guards().loginAddr, meta.IP, true
	}
	return guard{}, "", false
}

var errInvalidCredentials = errorf(CodeInvalidCredentials, "wrong email or password")

// Login checks the password. An account without second factors, or a
// trusted device, gets a session at once; otherwise a challenge, and when
// email is the preferred method the code is mailed now.
func (s *Service) Login(ctx context.Context, in LoginInput, meta ClientMeta) (*LoginResult, error) {
	if s.hasher.Saturated() { // refuse a flood before any database work
		return nil, errBusy()
	}
	now := s.clock()
	known, err := s.knownDeviceFor(ctx, in.KnownDevice, in.Email, now)
	if err != nil {
		return nil, err
	}
	// The attempt is counted before the password is checked, so parallel
	// requests cannot pass the limit; only a wrong password keeps its
	// count.
	var u *User
	check := func() (verdict, error) {
		u, err = s.checkPassword(ctx, in.Email, in.Password, meta)
		switch {
		case errors.Is(err, errInvalidCredentials):
			return wrong, err
		case err == nil:
			return noProof, nil
		}
		return unchecked, err // bad input, busy: nothing was guessed
	}
	if g, subject, ok := s.loginGuard(known, meta); ok {
		_, err = g.attempt(ctx, subject, now, check)
	} else {
		_, err = check()
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled() { // told only to whoever knows the password
		return nil, errAccountDisabled
	}
	deviceID := ""
	if known != nil {
		deviceID = known.ID
	}
	methods, preferred, err := s.methods(ctx, u)
	if err != nil {
		return nil, err
	}
	if len(methods) == 0 {
		sess, err := s.issueSession(ctx, u, "", deviceID, meta)
		if err != nil {
			return nil, err
		}
		s.event(ctx, u.ID, EventLogin, meta, "password only")
		return &LoginResult{Session: sess}, nil
	}
	if in.DeviceToken != "" {
		sess, err := s.loginTrusted(ctx, u, in.DeviceToken, deviceID, meta)
		if err != nil || sess != nil {
			return &LoginResult{Session: sess}, err
		}
	}
	if err := s.guards().secondFactor.locked(ctx, requester(u.ID, deviceID), now); err != nil {
		return nil, err
	}
	token, err := newToken(s.rand)
	if err != nil {
		return nil, err
	}
	c := &Challenge{
		TokenHash: hashToken(token),
		UserID:    u.ID,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg().ChallengeTTL),
		IP:        meta.IP,
		UserAgent: meta.UserAgent,

		KnownDeviceID: deviceID,
	}
	if err := s.store.CreateChallenge(ctx, c); err != nil {
		return nil, fmt.Errorf("create challenge: %w", err)
	}
	info := &ChallengeInfo{Token: token, Methods: methods, Method: preferred}
	if preferred == MethodEmail {
		if _, err := s.sendEmailCode(ctx, u, loginPurpose(c.TokenHash), u.Email, "to sign in", loginAsker(deviceID), meta); err != nil {
			s.log.Warn("login email code not sent", "user", u.ID, "err", err)
		} else {
			info.CodeSent = true
		}
	}
	return &LoginResult{Challenge: info}, nil
}

// checkPassword returns the user whose email and password match, or
// errInvalidCredentials. Unknown emails cost the same hashing work as known
// ones, so timing does not tell which addresses have accounts.
func (s *Service) checkPassword(ctx context.Context, email, password string, meta ClientMeta) (*User, error) {
	// Only presence and length are checked: an address that could never
	// have signed up gets the answer (and the argon2id cost) of any
	// unknown one, not a different error.
	norm := foldEmail(email)
	switch {
	case norm == "":
		return nil, badRequest("email", "is required")
	case len(norm) > maxEmailLen:
		return nil, badRequest("email", "is longer than %d characters", maxEmailLen)
	}
	if password == "" {
		return nil, badRequest("password", "is required")
	}
	if utf8.RuneCountInString(password) > MaxPasswordLen {
		return nil, badRequest("password", "is longer than %d characters", MaxPasswordLen)
	}
	u, err := s.store.UserByEmail(ctx, norm)
	if errors.Is(err, ErrNotFound) {
		if err := s.hasher.VerifyDummy(ctx, password); err != nil {
			return nil, hashFailed("login", err) // as for a known email
		}
		// Recorded, with no account, as a wrong password is: the same
		// database write on both paths, so the answer's timing does not
		// tell whether the address has an account.
		s.event(ctx, "", EventLoginFailed, meta, "unknown address")
		return nil, errInvalidCredentials
	}
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	ok, err := false, error(nil)
	if u.PasswordHash == "" { // passkey only: no password opens it, at the cost of any
		err = s.hasher.VerifyDummy(ctx, password)
	} else {
		ok, err = s.hasher.Verify(ctx, u.PasswordHash, password)
	}
	if err != nil {
		return nil, hashFailed("login", err)
	}
	if !ok {
		s.event(ctx, u.ID, EventLoginFailed, meta, "wrong password")
		return nil, errInvalidCredentials
	}
	s.rehash(ctx, u, password)
	return u, nil
}

var errChallengeExpired = errorf(CodeChallengeExpired, "this login has expired or was already used; log in again")

// challenge returns the live challenge named by token and its user.
func (s *Service) challenge(ctx context.Context, token string) (*Challenge, *User, error) {
	if token == "" {
		return nil, nil, badRequest("challenge", "is required")
	}
	c, err := s.store.ChallengeByHash(ctx, hashToken(token))
	if errors.Is(err, ErrNotFound) {
		return nil, nil, errChallengeExpired
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find challenge: %w", err)
	}
	if !c.UsedAt.IsZero() || !s.clock().Before(c.ExpiresAt) {
		return nil, nil, errChallengeExpired
	}
	if c.Attempts >= s.cfg().ChallengeAttempts {
		// Spent by wrong codes. While those keep the account locked, the
		// lock is the answer: it tells the client when to log in again.
		if err := s.guards().secondFactor.locked(ctx, requester(c.UserID, c.KnownDeviceID), s.clock()); err != nil {
			return nil, nil, err
		}
		return nil, nil, errChallengeExpired
	}
	u, err := s.store.UserByID(ctx, c.UserID)
	if err != nil {
		return nil, nil, fmt.Errorf("find challenge user: %w", err)
	}
	if u.Disabled() {
		return nil, nil, errAccountDisabled
	}
	return c, u, nil
}

// SecondStep is the answer to a login challenge.
type SecondStep struct {
	Challenge      string
	Method         string
	Code           string
	RememberDevice bool
}

// CompleteLogin checks the second factor of a login. A wrong code leaves the
// challenge alive until its attempts run out.
//
// Every write of the step is one transaction: the challenge, the TOTP
// step or code used, the guessing limit, the session, the device trust and
// the audit event are committed together, or none of them is. A refusal (a
// wrong code, a spent challenge) commits what it counted; any other error
// rolls everything back. The challenge, the account and its methods are
// read before the transaction, keeping it short (on SQLite every write
// waits for the one writer): what the transaction writes is conditional on
// what those reads saw still holding, since the challenge is consumed only
// while it is live and unused, and a TOTP step, a recovery code or a mailed
// code is used only once and only while the method is on.
func (s *Service) CompleteLogin(ctx context.Context, in SecondStep, meta ClientMeta) (*IssuedSession, error) {
	c, u, err := s.challenge(ctx, in.Challenge)
	if err != nil {
		return nil, err
	}
	methods, _, err := s.methods(ctx, u)
	if err != nil {
		return nil, err
	}
	var (
		sess    *IssuedSession
		refusal error
	)
	err = s.atomically(ctx, func(st Store) error {
		var err error
		sess, err = s.within(st).completeLogin(ctx, c, u, methods, in, meta)
		if _, ok := AsError(err); ok {
			refusal = err
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return sess, nil
}

// completeLogin is CompleteLogin's work on challenge c of account u, on a
// view of the Service within its transaction.
func (s *Service) completeLogin(ctx context.Context, c *Challenge, u *User, methods []string, in SecondStep, meta ClientMeta) (*IssuedSession, error) {
	err := s.verifyFactor(ctx, u, s.guards().secondFactor, requester(u.ID, c.KnownDeviceID), methods, in.Method, in.Code, loginPurpose(c.TokenHash), meta)
	if e, ok := AsError(err); ok && e.Code == CodeTwoFactorInvalid {
		n, aerr := s.store.AddChallengeAttempt(ctx, c.TokenHash)
		if aerr != nil {
			return nil, fmt.Errorf("count challenge attempt: %w", aerr)
		}
		left := max(s.cfg().ChallengeAttempts-n, 0)
		if e.AttemptsLeft != nil {
			left = min(left, *e.AttemptsLeft)
		}
		e.AttemptsLeft = &left
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	used, err := s.store.ConsumeChallenge(ctx, c.TokenHash, s.clock())
	if err != nil {
		return nil, fmt.Errorf("consume challenge: %w", err)
	}
	if !used {
		return nil, errChallengeExpired
	}
	sess, err := s.issueSession(ctx, u, in.Method, c.KnownDeviceID, meta)
	if err != nil {
		return nil, err
	}
	if err := s.record(ctx, s.store, u.ID, EventLogin, meta, in.Method); err != nil {
		return nil, err
	}
	if in.RememberDevice {
		tok, err := s.trustDevice(ctx, u, meta)
		if err != nil {
			return nil, err
		}
		sess.DeviceToken = tok
	}
	return sess, nil
}

// SendLoginEmailCode mails a code for the challenge, to switch from another
// method to email or to get the code again. It reports whether the mail
// holds the same code as the last one (still unused and in the first half
// of its lifetime), rather than a new one.
func (s *Service) SendLoginEmailCode(ctx context.Context, challenge string, meta ClientMeta) (sameCode bool, err error) {
	c, u, err := s.challenge(ctx, challenge)
	if err != nil {
		return false, err
	}
	methods, _, err := s.methods(ctx, u)
	if err != nil {
		return false, err
	}
	if !slices.Contains(methods, MethodEmail) {
		return false, errorf(CodeMethodUnavailable, "email codes are not a second factor of this account; use another method").about("method")
	}
	return s.sendEmailCode(ctx, u, loginPurpose(c.TokenHash), u.Email, "to sign in", loginAsker(c.KnownDeviceID), meta)
}
