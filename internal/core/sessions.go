package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Principal is the signed-in user of a request.
type Principal struct {
	User    *User
	Session *Session

	// recoveryLeft is the user's count of unused recovery codes as
	// Authenticate read it, together with the session and the user; it
	// holds while counted is set. Whatever may use or replace the codes on
	// behalf of this Principal clears counted (forgetRecoveryCount), so
	// that Account counts again.
	recoveryLeft int
	counted      bool
}

// recoveryCount returns the count of unused recovery codes read with the
// session, and whether there is one still to be trusted.
func (p *Principal) recoveryCount() (int, bool) { return p.recoveryLeft, p.counted }

// forgetRecoveryCount drops the count read with the session, before
// something that may change it.
func (p *Principal) forgetRecoveryCount() { p.counted = false }

// IssuedSession is a new session and the bearer token that names it. The
// token is shown to the client once; only its hash is stored.
type IssuedSession struct {
	Token   string
	Session *Session
	User    *User
	// DeviceToken is set when the user asked to remember this device.
	DeviceToken string
	// KnownDevice is the token of a new known device made by this login,
	// for the client to keep and send with its next logins; "" when the
	// login came from a known device, whose token stays valid.
	KnownDevice string
}

var errUnauthenticated = errorf(CodeUnauthenticated, "not signed in, or the session has ended; log in again")

// touchEvery limits how often a session's LastSeen is written.
const touchEvery = time.Minute

// Authenticate resolves a session token to its user. One read finds the
// session, its user and the user's count of unused recovery codes (which
// Account then uses); the only write is LastSeen, at most once per
// touchEvery.
func (s *Service) Authenticate(ctx context.Context, token string) (*Principal, error) {
	if token == "" {
		return nil, errUnauthenticated
	}
	now := s.clock()
	v, err := s.store.SessionViewByHash(ctx, hashToken(token), now)
	if errors.Is(err, ErrNotFound) {
		return nil, errUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if v.User.Disabled() { // its sessions were ended; a race may leave one
		return nil, errUnauthenticated
	}
	if now.Sub(v.Session.LastSeen) >= touchEvery {
		if err := s.store.TouchSession(ctx, v.Session.TokenHash, now); err != nil {
			s.log.Warn("session not touched", "err", err)
		}
	}
	return &Principal{User: &v.User, Session: &v.Session, recoveryLeft: v.RecoveryLeft, counted: true}, nil
}

// Logout ends the session server-side.
func (s *Service) Logout(ctx context.Context, p *Principal, meta ClientMeta) error {
	return s.atomically(ctx, func(st Store) error {
		if err := st.DeleteSession(ctx, p.Session.TokenHash); err != nil {
			return fmt.Errorf("logout: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventLogout, meta, "")
	})
}

// issueSession ends a login: in one transaction it makes the client a
// known device of u (keeping deviceID, the known device the login came
// from, when there is one) and a session on that device.
//
// factor is how the login passed its second step: a method name, FactorDevice
// for a trusted device, or "" for a password alone. Only a code proved in
// the login itself starts the step-up freshness.
func (s *Service) issueSession(ctx context.Context, u *User, factor string, deviceID string, meta ClientMeta) (*IssuedSession, error) {
	token, err := newToken(s.rand)
	if err != nil {
		return nil, err
	}
	id, err := newID(s.rand, "s_")
	if err != nil {
		return nil, err
	}
	now := s.clock()
	sess := &Session{
		ID:        id,
		TokenHash: hashToken(token),
		UserID:    u.ID,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg().SessionTTL),
		LastSeen:  now,
		IP:        meta.IP,
		UserAgent: meta.UserAgent,

		LoginFactor: factor,
	}
	if factor != "" && factor != FactorDevice {
		sess.SecondFactorAt = now
	}
	var known string
	err = s.atomically(ctx, func(st Store) error {
		var err error
		if sess.KnownDeviceID, known, err = s.rememberKnown(ctx, st, u, deviceID, now); err != nil {
			return err
		}
		if err := st.CreateSession(ctx, sess); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &IssuedSession{Token: token, Session: sess, User: u, KnownDevice: known}, nil
}

// SessionInfo is one of an account's sessions as its owner sees it.
type SessionInfo struct {
	Session
	// Current marks the session the request itself uses.
	Current bool
}

// Sessions lists the signed-in user's live sessions, most recently seen
// first, marking the one p uses.
func (s *Service) Sessions(ctx context.Context, p *Principal) ([]SessionInfo, error) {
	list, err := s.store.UserSessions(ctx, p.User.ID, s.clock())
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	out := make([]SessionInfo, 0, len(list))
	for _, sess := range list {
		out = append(out, SessionInfo{Session: sess, Current: sess.TokenHash == p.Session.TokenHash})
	}
	return out, nil
}

// EndSession ends the user's session with this public id (which may be
// the current one, as a logout). It needs no second factor: it only takes
// access away. Another account's session id is not found.
func (s *Service) EndSession(ctx context.Context, p *Principal, id string, meta ClientMeta) error {
	if id == "" {
		return badRequest("id", "is required")
	}
	detail := id
	if id == p.Session.ID {
		detail += " (this session)"
	}
	return s.atomically(ctx, func(st Store) error {
		err := st.DeleteUserSession(ctx, p.User.ID, id)
		if errors.Is(err, ErrNotFound) {
			return fieldErrorf(CodeNotFound, "id", "no active session of yours has this id; list them again")
		}
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventSessionEnded, meta, detail)
	})
}

// EndOtherSessions ends every session of the user except the one p uses.
func (s *Service) EndOtherSessions(ctx context.Context, p *Principal, meta ClientMeta) error {
	return s.atomically(ctx, func(st Store) error {
		if err := st.DeleteUserSessions(ctx, p.User.ID, p.Session.TokenHash); err != nil {
			return fmt.Errorf("end other sessions: %w", err)
		}
		if err := s.signOutApps(ctx, st, p.User.ID); err != nil {
			return err
		}
		return s.record(ctx, st, p.User.ID, EventSessionEnded, meta, "all others")
	})
}
