package storetest

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// newPasswordReset stores an open reset link of the user, created at
// created and expiring at expires.
func newPasswordReset(t *testing.T, s core.Store, hash, userID string, created, expires time.Time) {
	t.Helper()
	r := &core.PasswordReset{TokenHash: hash, UserID: userID, CreatedAt: created, ExpiresAt: expires}
	wantOK(t, "CreatePasswordReset("+hash+")", s.CreatePasswordReset(t.Context(), r))
}

// openReset reports whether the link with this hash is open at now.
func openReset(t *testing.T, s core.Store, hash string, now time.Time) bool {
	t.Helper()
	r, err := s.PasswordResetByHash(t.Context(), hash, now)
	if err == nil {
		same(t, "PasswordResetByHash("+hash+").TokenHash", r.TokenHash, hash)
		return true
	}
	wantErr(t, "PasswordResetByHash("+hash+")", err, core.ErrNotFound)
	return false
}

// testPasswordResets: a reset link is found and used only while it is
// open (unused, unexpired), once; a new link closes the account's earlier
// ones, ClosePasswordResets closes them all, and neither touches another
// account's links; DeleteExpired removes expired links.
func testPasswordResets(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	newPasswordReset(t, s, "r1", "a", at(0), at(30*time.Minute))
	wantErr(t, "CreatePasswordReset(no such user)", s.CreatePasswordReset(ctx,
		&core.PasswordReset{TokenHash: "r-nobody", UserID: "nobody", CreatedAt: at(0), ExpiresAt: at(time.Hour)}), core.ErrNotFound)
	wantErr(t, "CreatePasswordReset(taken hash)", s.CreatePasswordReset(ctx,
		&core.PasswordReset{TokenHash: "r1", UserID: "b", CreatedAt: at(0), ExpiresAt: at(time.Hour)}), core.ErrConflict)
	if !openReset(t, s, "r1", at(time.Minute)) {
		t.Fatal("a fresh link is not open")
	}
	got, err := s.PasswordResetByHash(ctx, "r1", at(time.Minute))
	wantOK(t, "PasswordResetByHash", err)
	same(t, "UserID", got.UserID, "a")
	sameTime(t, "CreatedAt", got.CreatedAt, at(0))
	sameTime(t, "ExpiresAt", got.ExpiresAt, at(30*time.Minute))
	sameTime(t, "UsedAt", got.UsedAt, time.Time{})
	if openReset(t, s, "r1", at(30*time.Minute)) {
		t.Error("a link is open at its expiry")
	}

	_, err = s.UsePasswordReset(ctx, "r1", at(30*time.Minute))
	wantErr(t, "UsePasswordReset(expired)", err, core.ErrNotFound)
	if _, err := s.UsePasswordReset(ctx, "r1", time.Time{}); err == nil {
		t.Fatal("UsePasswordReset at the zero time worked")
	}
	_, err = s.UsePasswordReset(ctx, "unknown", at(time.Minute))
	wantErr(t, "UsePasswordReset(unknown)", err, core.ErrNotFound)
	used, err := s.UsePasswordReset(ctx, "r1", at(time.Minute))
	wantOK(t, "UsePasswordReset", err)
	same(t, "used UserID", used.UserID, "a")
	same(t, "used TokenHash", used.TokenHash, "r1")
	sameTime(t, "used CreatedAt", used.CreatedAt, at(0))
	sameTime(t, "used ExpiresAt", used.ExpiresAt, at(30*time.Minute))
	sameTime(t, "used UsedAt", used.UsedAt, at(time.Minute))
	_, err = s.UsePasswordReset(ctx, "r1", at(2*time.Minute))
	wantErr(t, "UsePasswordReset(used)", err, core.ErrNotFound)
	if openReset(t, s, "r1", at(2*time.Minute)) {
		t.Error("a used link is still open")
	}

	// A new link closes the account's earlier open links, not another
	// account's.
	newPasswordReset(t, s, "r2", "a", at(time.Minute), at(time.Hour))
	newPasswordReset(t, s, "rb", "b", at(time.Minute), at(time.Hour))
	newPasswordReset(t, s, "r3", "a", at(2*time.Minute), at(time.Hour))
	if openReset(t, s, "r2", at(3*time.Minute)) {
		t.Error("a newer link left the earlier one open")
	}
	_, err = s.UsePasswordReset(ctx, "r2", at(3*time.Minute))
	wantErr(t, "UsePasswordReset(replaced)", err, core.ErrNotFound)
	if !openReset(t, s, "r3", at(3*time.Minute)) || !openReset(t, s, "rb", at(3*time.Minute)) {
		t.Fatal("the newest link, or another account's, is not open")
	}

	// ClosePasswordResets closes the account's open links only.
	if err := s.ClosePasswordResets(ctx, "a", time.Time{}); err == nil {
		t.Error("ClosePasswordResets at the zero time worked")
	}
	wantOK(t, "ClosePasswordResets", s.ClosePasswordResets(ctx, "a", at(4*time.Minute)))
	if openReset(t, s, "r3", at(5*time.Minute)) {
		t.Error("ClosePasswordResets left a link open")
	}
	if !openReset(t, s, "rb", at(5*time.Minute)) {
		t.Error("ClosePasswordResets closed another account's link")
	}
	wantOK(t, "ClosePasswordResets(no links)", s.ClosePasswordResets(ctx, "nobody", at(4*time.Minute)))

	// DeleteExpired removes the links that expired, used or not.
	n, err := s.DeleteExpired(ctx, at(45*time.Minute))
	wantInt(t, "DeleteExpired", n, err, 1) // r1
	n, err = s.DeleteExpired(ctx, at(2*time.Hour))
	wantInt(t, "DeleteExpired after every link expired", n, err, 3)
}

// testConcurrentUsePasswordReset: one link sent by many requests at once
// is used once; links created at once for one account leave one open.
func testConcurrentUsePasswordReset(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newPasswordReset(t, s, "r", "a", at(0), at(time.Hour))
	wins := Race(t, workers, func(int) (bool, error) {
		_, err := s.UsePasswordReset(ctx, "r", at(time.Minute))
		if err == nil {
			return true, nil
		}
		if errors.Is(err, core.ErrNotFound) {
			return false, nil
		}
		return false, err
	})
	wantOneWinner(t, "UsePasswordReset", wins)

	Race(t, workers, func(i int) (bool, error) {
		r := &core.PasswordReset{TokenHash: "c" + strconv.Itoa(i), UserID: "a", CreatedAt: at(time.Minute), ExpiresAt: at(time.Hour)}
		return true, s.CreatePasswordReset(ctx, r)
	})
	open := 0
	for i := range workers {
		if openReset(t, s, "c"+strconv.Itoa(i), at(2*time.Minute)) {
			open++
		}
	}
	if open != 1 {
		t.Errorf("%d links open after %d created at once, want 1", open, workers)
	}
}
