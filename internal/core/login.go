package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// LoginInput is the first step of a login.
type LoginInput struct {
	Email    string
	Password string
	// DeviceToken is the token of a trusted device, if the client has one.
	DeviceToken string
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

var errInvalidCredentials = &Error{Code: CodeInvalidCredentials, Message: "wrong email or password"}

// Login checks the password. An account without second factors, or a
// trusted device, gets a session at once; otherwise a challenge, and when
// email is the preferred method the code is mailed now.
func (s *Service) Login(ctx context.Context, in LoginInput, meta ClientMeta) (*LoginResult, error) {
	if s.hasher.Saturated() { // refuse a flood before any database work
		return nil, errBusy()
	}
	now := s.clock()
	// The attempt is counted before the password is checked, so parallel
	// requests from one address cannot pass the limit; only a wrong
	// password keeps its count.
	addrKey := loginAddrKey(meta.IP)
	var addrCharge charged
	if meta.IP != "" {
		var err error
		if addrCharge, err = s.limits.charge(ctx, addrKey, s.cfg.LoginLimit, now); err != nil {
			return nil, err
		}
	}
	u, err := s.checkPassword(ctx, in.Email, in.Password, meta)
	if meta.IP != "" && !errors.Is(err, errInvalidCredentials) {
		if rerr := s.limits.refund(ctx, addrKey, s.cfg.LoginLimit, addrCharge); rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	methods, preferred, err := s.methods(ctx, u)
	if err != nil {
		return nil, err
	}
	if len(methods) == 0 {
		sess, err := s.issueSession(ctx, u, false, meta)
		if err != nil {
			return nil, err
		}
		s.event(ctx, u.ID, EventLogin, meta, "password only")
		return &LoginResult{Session: sess}, nil
	}
	if in.DeviceToken != "" {
		sess, err := s.loginTrusted(ctx, u, in.DeviceToken, meta)
		if err != nil || sess != nil {
			return &LoginResult{Session: sess}, err
		}
	}
	if err := s.limits.check(ctx, secondFactorKey(u.ID), now); err != nil {
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
		ExpiresAt: now.Add(s.cfg.ChallengeTTL),
		IP:        meta.IP,
		UserAgent: meta.UserAgent,
	}
	if err := s.store.CreateChallenge(ctx, c); err != nil {
		return nil, fmt.Errorf("create challenge: %w", err)
	}
	info := &ChallengeInfo{Token: token, Methods: methods, Method: preferred}
	if preferred == MethodEmail {
		if err := s.sendEmailCode(ctx, u, loginPurpose(c.TokenHash), u.Email, "to sign in", meta); err != nil {
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
	norm := strings.ToLower(strings.TrimSpace(email))
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
	ok, err := s.hasher.Verify(ctx, u.PasswordHash, password)
	if err != nil {
		return nil, hashFailed("login", err)
	}
	if !ok {
		s.event(ctx, u.ID, EventLoginFailed, meta, "wrong password")
		return nil, errInvalidCredentials
	}
	return u, nil
}

var errChallengeExpired = &Error{Code: CodeChallengeExpired, Message: "this login has expired or was already used; log in again"}

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
	if c.Attempts >= s.cfg.ChallengeAttempts {
		// Spent by wrong codes. While those keep the account locked, the
		// lock is the answer: it tells the client when to log in again.
		if err := s.limits.check(ctx, secondFactorKey(c.UserID), s.clock()); err != nil {
			return nil, nil, err
		}
		return nil, nil, errChallengeExpired
	}
	u, err := s.store.UserByID(ctx, c.UserID)
	if err != nil {
		return nil, nil, fmt.Errorf("find challenge user: %w", err)
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
func (s *Service) CompleteLogin(ctx context.Context, in SecondStep, meta ClientMeta) (*IssuedSession, error) {
	c, u, err := s.challenge(ctx, in.Challenge)
	if err != nil {
		return nil, err
	}
	methods, _, err := s.methods(ctx, u)
	if err != nil {
		return nil, err
	}
	err = s.verifyFactor(ctx, u, methods, in.Method, in.Code, loginPurpose(c.TokenHash), meta)
	if e, ok := AsError(err); ok && e.Code == CodeTwoFactorInvalid {
		n, aerr := s.store.AddChallengeAttempt(ctx, c.TokenHash)
		if aerr != nil {
			return nil, fmt.Errorf("count challenge attempt: %w", aerr)
		}
		left := max(s.cfg.ChallengeAttempts-n, 0)
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
	sess, err := s.issueSession(ctx, u, true, meta)
	if err != nil {
		return nil, err
	}
	s.event(ctx, u.ID, EventLogin, meta, in.Method)
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
// method to email or to get a new code.
func (s *Service) SendLoginEmailCode(ctx context.Context, challenge string, meta ClientMeta) error {
	c, u, err := s.challenge(ctx, challenge)
	if err != nil {
		return err
	}
	if !u.Email2FA {
		return &Error{Code: CodeMethodUnavailable, Field: "method", Message: "email codes are not enabled for this account; use another method"}
	}
	return s.sendEmailCode(ctx, u, loginPurpose(c.TokenHash), u.Email, "to sign in", meta)
}
