package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkSession compares every field of got with want.
func checkSession(t *testing.T, got, want *core.Session) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "TokenHash", got.TokenHash, want.TokenHash)
	same(t, "UserID", got.UserID, want.UserID)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	sameTime(t, "LastSeen", got.LastSeen, want.LastSeen)
	sameTime(t, "SecondFactorAt", got.SecondFactorAt, want.SecondFactorAt)
	same(t, "IP", got.IP, want.IP)
	same(t, "UserAgent", got.UserAgent, want.UserAgent)
	same(t, "KnownDeviceID", got.KnownDeviceID, want.KnownDeviceID)
	same(t, "LoginFactor", got.LoginFactor, want.LoginFactor)
}

// newSession creates a session of the user, valid for an hour from at(0).
func newSession(t *testing.T, s core.Store, tokenHash, userID string) *core.Session {
	t.Helper()
	sess := &core.Session{
		ID:        "id-" + tokenHash,
		TokenHash: tokenHash,
		UserID:    userID,
		CreatedAt: at(0),
		ExpiresAt: at(time.Hour),
		LastSeen:  at(0),
		IP:        "192.0.2.1",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64)",
		// KnownDeviceID is only a name: no row need exist.
		KnownDeviceID: "k_" + tokenHash,
		LoginFactor:   core.MethodTOTP,
	}
	if err := s.CreateSession(t.Context(), sess); err != nil {
		t.Fatalf("CreateSession(%s): %v", tokenHash, err)
	}
	return sess
}

func testSessions(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	sess := newSession(t, s, "s1", "a")

	got, err := s.SessionByHash(ctx, "s1", at(time.Minute))
	wantOK(t, "SessionByHash", err)
	checkSession(t, got, sess)
	_, err = s.SessionByHash(ctx, "s1", at(time.Hour))
	wantErr(t, "SessionByHash at its expiry", err, core.ErrNotFound)
	_, err = s.SessionByHash(ctx, "s1", at(2*time.Hour))
	wantErr(t, "SessionByHash after its expiry", err, core.ErrNotFound)
	_, err = s.SessionByHash(ctx, "unknown", at(0))
	wantErr(t, "SessionByHash(unknown)", err, core.ErrNotFound)

	dup := *sess
	dup.CreatedAt = at(time.Second)
	wantErr(t, "CreateSession with a taken hash", s.CreateSession(ctx, &dup), core.ErrConflict)

	wantOK(t, "TouchSession", s.TouchSession(ctx, "s1", at(2*time.Minute)))
	wantOK(t, "MarkSecondFactor", s.MarkSecondFactor(ctx, "s1", at(3*time.Minute)))
	want := *sess
	want.LastSeen = at(2 * time.Minute)
	want.SecondFactorAt = at(3 * time.Minute)
	got, err = s.SessionByHash(ctx, "s1", at(time.Minute))
	wantOK(t, "SessionByHash", err)
	checkSession(t, got, &want)

	wantErr(t, "TouchSession(unknown)", s.TouchSession(ctx, "unknown", at(0)), core.ErrNotFound)
	wantErr(t, "MarkSecondFactor(unknown)", s.MarkSecondFactor(ctx, "unknown", at(0)), core.ErrNotFound)

	wantOK(t, "DeleteSession", s.DeleteSession(ctx, "s1"))
	_, err = s.SessionByHash(ctx, "s1", at(time.Minute))
	wantErr(t, "SessionByHash after DeleteSession", err, core.ErrNotFound)
	wantOK(t, "DeleteSession of a deleted session", s.DeleteSession(ctx, "s1"))
}

func testDeleteUserSessions(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	for _, h := range []string{"a1", "a2", "a3"} {
		newSession(t, s, h, "a")
	}
	newSession(t, s, "b1", "b")
	alive := func(tokenHash string, want bool) {
		t.Helper()
		_, err := s.SessionByHash(ctx, tokenHash, at(time.Minute))
		if want && err != nil {
			t.Errorf("session %s: %v, want it alive", tokenHash, err)
		}
		if !want {
			wantErr(t, "session "+tokenHash, err, core.ErrNotFound)
		}
	}

	wantOK(t, "DeleteUserSessions keeping a2", s.DeleteUserSessions(ctx, "a", "a2"))
	alive("a1", false)
	alive("a2", true)
	alive("a3", false)
	alive("b1", true)

	wantOK(t, "DeleteUserSessions keeping none", s.DeleteUserSessions(ctx, "a", ""))
	alive("a2", false)
	alive("b1", true)
}

func testUserSessions(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	a1 := newSession(t, s, "a1", "a")
	a2 := newSession(t, s, "a2", "a")
	newSession(t, s, "b1", "b")
	wantOK(t, "TouchSession", s.TouchSession(ctx, "a2", at(time.Minute)))
	a2.LastSeen = at(time.Minute)
	old := &core.Session{ID: "id-a0", TokenHash: "a0", UserID: "a", CreatedAt: at(-2 * time.Hour),
		ExpiresAt: at(time.Minute), LastSeen: at(-time.Hour)}
	wantOK(t, "CreateSession", s.CreateSession(ctx, old))

	list, err := s.UserSessions(ctx, "a", at(0))
	wantOK(t, "UserSessions", err)
	if len(list) != 3 {
		t.Fatalf("UserSessions = %d sessions, want 3", len(list))
	}
	checkSession(t, &list[0], a2) // seen last
	checkSession(t, &list[1], a1)
	checkSession(t, &list[2], old)
	list, err = s.UserSessions(ctx, "a", at(time.Minute))
	wantOK(t, "UserSessions", err)
	same(t, "sessions once one expired", len(list), 2)

	dup := &core.Session{ID: "id-a1", TokenHash: "other", UserID: "a", CreatedAt: at(0), ExpiresAt: at(time.Hour)}
	wantErr(t, "CreateSession with a taken id", s.CreateSession(ctx, dup), core.ErrConflict)

	wantErr(t, "DeleteUserSession of another account's session",
		s.DeleteUserSession(ctx, "b", "id-a1"), core.ErrNotFound)
	_, err = s.SessionByHash(ctx, "a1", at(0))
	wantOK(t, "a1 after another account tried to end it", err)
	wantErr(t, "DeleteUserSession with an empty id", s.DeleteUserSession(ctx, "a", ""), core.ErrNotFound)
	wantErr(t, "DeleteUserSession(unknown)", s.DeleteUserSession(ctx, "a", "id-zz"), core.ErrNotFound)
	wantOK(t, "DeleteUserSession", s.DeleteUserSession(ctx, "a", "id-a1"))
	_, err = s.SessionByHash(ctx, "a1", at(0))
	wantErr(t, "a1 after DeleteUserSession", err, core.ErrNotFound)
	wantErr(t, "DeleteUserSession again", s.DeleteUserSession(ctx, "a", "id-a1"), core.ErrNotFound)
	_, err = s.SessionByHash(ctx, "b1", at(0))
	wantOK(t, "b1 untouched", err)
}
