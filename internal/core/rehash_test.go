package core_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/password"
)

// otherArgon are parameters other than the rig's (coretest.CheapArgon), as
// an earlier --argon2 setting made them.
var otherArgon = password.Params{Memory: 2048, Iterations: 1, Parallelism: 2, SaltLen: 16, KeyLen: 32}

// withOldHash signs up email and stores its password hashed with
// otherArgon, as changed at changedAt; it returns the user and that hash.
func withOldHash(t *testing.T, r *rig, email string, changedAt time.Time) (*core.User, string) {
	t.Helper()
	ctx := context.Background()
	u := r.signUp(email)
	old, err := password.NewHasher(otherArgon, 0, rand.Reader).Hash(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Store.SetPassword(ctx, u.ID, old, changedAt); err != nil {
		t.Fatal(err)
	}
	return u, old
}

// TestLoginRehashes: a login with the right password stores the password
// hashed with the configured parameters instead of a hash made with other
// ones, leaving PasswordChangedAt, the sessions and the audit trail as a
// password change would not; a wrong password rehashes nothing, and the
// new hash is not rehashed again.
func TestLoginRehashes(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	changedAt := coretest.Start.Add(-time.Hour)
	u, old := withOldHash(t, r, "ada@example.com", changedAt)
	login := func(pass string) (*core.LoginResult, error) {
		return r.Svc.Login(ctx, core.LoginInput{Email: u.Email, Password: pass}, r.meta)
	}
	first, err := login(pw)
	if err != nil || first.Session == nil {
		t.Fatalf("first login: %+v, %v", first, err)
	}
	// That login rehashed; put the old hash back to see what a wrong
	// password and then the right one do to it, with a session open.
	if err := r.Store.SetPassword(ctx, u.ID, old, changedAt); err != nil {
		t.Fatal(err)
	}
	sessionsBefore, err := r.Store.UserSessions(ctx, u.ID, r.Clock.Now())
	if err != nil || len(sessionsBefore) != 1 {
		t.Fatalf("sessions before: %v, %v", sessionsBefore, err)
	}

	if _, err := login("not the password"); errCode(err) != core.CodeInvalidCredentials {
		t.Fatalf("wrong password: %v", err)
	}
	if got := mustUser(t, r, u.Email).PasswordHash; got != old {
		t.Fatalf("a wrong password changed the hash to %s", got)
	}

	res, err := login(pw)
	if err != nil || res.Session == nil {
		t.Fatalf("login: %+v, %v", res, err)
	}
	after := mustUser(t, r, u.Email)
	if after.PasswordHash == old || r.Hasher.NeedsRehash(after.PasswordHash) {
		t.Fatalf("hash after login %s, want one with the configured parameters", after.PasswordHash)
	}
	if want := "$" + coretest.CheapArgon.String() + "$"; !strings.Contains(after.PasswordHash, want) {
		t.Errorf("hash after login %s, want parameters %s", after.PasswordHash, want)
	}
	if ok, err := r.Hasher.Verify(ctx, after.PasswordHash, pw); !ok || err != nil {
		t.Errorf("the new hash does not verify the password: %v, %v", ok, err)
	}
	if !after.PasswordChangedAt.Equal(changedAt) {
		t.Errorf("PasswordChangedAt %v, want %v as before", after.PasswordChangedAt, changedAt)
	}
	sessions, err := r.Store.UserSessions(ctx, u.ID, r.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 2 || sessions[0].ID != sessionsBefore[0].ID && sessions[1].ID != sessionsBefore[0].ID {
		t.Errorf("sessions after login %v, want the one before and the new one", sessions)
	}
	evs, err := r.Store.Events(ctx, u.ID, core.EventCursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == core.EventPasswordChanged {
			t.Errorf("a rehash recorded %q", e.Type)
		}
	}

	before := r.Hasher.Runs()
	if _, err := login(pw); err != nil {
		t.Fatal(err)
	}
	if n := r.Hasher.Runs() - before; n != 1 {
		t.Errorf("argon2id runs of a login after the rehash: %d, want 1", n)
	}
	if got := mustUser(t, r, u.Email).PasswordHash; got != after.PasswordHash {
		t.Error("a second login rehashed again")
	}
}

// failingReplace is a store whose ReplacePasswordHash fails.
type failingReplace struct{ core.Store }

func (failingReplace) ReplacePasswordHash(context.Context, string, string, string) (bool, error) {
	return false, errors.New("disk on fire")
}

// TestLoginRehashFailure: a rehash that cannot be stored leaves the login
// as it would be without it.
func TestLoginRehashFailure(t *testing.T) {
	r := newRigWith(t, func(s core.Store) core.Store { return failingReplace{s} },
		func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	u, old := withOldHash(t, r, "ada@example.com", coretest.Start)
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: u.Email, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login: %+v, %v", res, err)
	}
	if got := mustUser(t, r, u.Email).PasswordHash; got != old {
		t.Errorf("hash %s, want the old one kept", got)
	}
}
