package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testEmailUndo: an undo link is used once, only before it expires, and
// while one is unused and unexpired the user has an open undo.
func testEmailUndo(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	want := &core.EmailUndo{TokenHash: "u1", UserID: "a", OldEmail: "old@example.com", NewEmail: "new@example.com", OldPasswordHash: "phc",
		CreatedAt: at(0), ExpiresAt: at(time.Hour)}
	wantOK(t, "CreateEmailUndo", s.CreateEmailUndo(ctx, want))
	wantErr(t, "CreateEmailUndo(no such user)",
		s.CreateEmailUndo(ctx, &core.EmailUndo{TokenHash: "u2", UserID: "nobody", CreatedAt: at(0), ExpiresAt: at(time.Hour)}),
		core.ErrNotFound)

	open, err := s.EmailUndoOpen(ctx, "a", at(time.Minute))
	wantBool(t, "EmailUndoOpen(a)", open, err, true)
	holder, err := s.EmailUndoHolder(ctx, "old@example.com", at(time.Minute))
	wantOK(t, "EmailUndoHolder", err)
	same(t, "EmailUndoHolder(old address)", holder, "a")
	holder, err = s.EmailUndoHolder(ctx, "new@example.com", at(time.Minute))
	wantOK(t, "EmailUndoHolder", err)
	same(t, "EmailUndoHolder(new address)", holder, "")
	holder, err = s.EmailUndoHolder(ctx, "old@example.com", at(time.Hour))
	wantOK(t, "EmailUndoHolder", err)
	same(t, "EmailUndoHolder(old address, link expired)", holder, "")
	open, err = s.EmailUndoOpen(ctx, "b", at(time.Minute))
	wantBool(t, "EmailUndoOpen(b)", open, err, false)
	open, err = s.EmailUndoOpen(ctx, "a", at(time.Hour))
	wantBool(t, "EmailUndoOpen(a) once expired", open, err, false)

	_, err = s.UseEmailUndo(ctx, "u1", at(time.Hour))
	wantErr(t, "UseEmailUndo(expired)", err, core.ErrNotFound)
	_, err = s.UseEmailUndo(ctx, "u1", time.Time{})
	if err == nil {
		t.Fatal("UseEmailUndo at the zero time worked")
	}
	got, err := s.UseEmailUndo(ctx, "u1", at(time.Minute))
	wantOK(t, "UseEmailUndo", err)
	same(t, "UserID", got.UserID, want.UserID)
	same(t, "OldEmail", got.OldEmail, want.OldEmail)
	same(t, "NewEmail", got.NewEmail, want.NewEmail)
	same(t, "OldPasswordHash", got.OldPasswordHash, want.OldPasswordHash)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	sameTime(t, "UsedAt", got.UsedAt, at(time.Minute))
	_, err = s.UseEmailUndo(ctx, "u1", at(2*time.Minute))
	wantErr(t, "UseEmailUndo(used)", err, core.ErrNotFound)
	open, err = s.EmailUndoOpen(ctx, "a", at(2*time.Minute))
	wantBool(t, "EmailUndoOpen(a) once used", open, err, false)
	holder, err = s.EmailUndoHolder(ctx, "old@example.com", at(2*time.Minute))
	wantOK(t, "EmailUndoHolder", err)
	same(t, "EmailUndoHolder(old address, link used)", holder, "")

	// CloseEmailUndos ends the user's open links created from the given
	// time on, and only those.
	for _, u := range []*core.EmailUndo{
		{TokenHash: "u3", UserID: "a", CreatedAt: at(time.Second), ExpiresAt: at(time.Hour)},
		{TokenHash: "u4", UserID: "a", CreatedAt: at(2 * time.Second), ExpiresAt: at(time.Hour)},
		{TokenHash: "u5", UserID: "b", CreatedAt: at(time.Second), ExpiresAt: at(time.Hour)},
		{TokenHash: "u6", UserID: "a", CreatedAt: at(0), ExpiresAt: at(time.Hour)},
	} {
		wantOK(t, "CreateEmailUndo", s.CreateEmailUndo(ctx, u))
	}
	wantOK(t, "CloseEmailUndos", s.CloseEmailUndos(ctx, "a", at(time.Second), at(3*time.Minute)))
	for _, h := range []string{"u3", "u4"} {
		_, err = s.UseEmailUndo(ctx, h, at(4*time.Minute))
		wantErr(t, "UseEmailUndo(closed "+h+")", err, core.ErrNotFound)
	}
	_, err = s.UseEmailUndo(ctx, "u5", at(4*time.Minute))
	wantOK(t, "UseEmailUndo(another user's link)", err)
	_, err = s.UseEmailUndo(ctx, "u6", at(4*time.Minute))
	wantOK(t, "UseEmailUndo(a link older than the closing)", err)
}

// testDeleteUserChallenges: every challenge of the user goes, with the
// codes mailed for logins; other users' challenges and the user's other
// codes stay.
func testDeleteUserChallenges(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	newChallenge(t, s, "ca1", "a", at(time.Hour))
	newChallenge(t, s, "ca2", "a", at(time.Hour))
	newChallenge(t, s, "cb", "b", at(time.Hour))
	newEmailCode(t, s, "e1", "a", "login:ca1", at(0))
	newEmailCode(t, s, "e2", "a", "step-up:s1", at(0))
	newEmailCode(t, s, "e3", "b", "login:cb", at(0))
	wantOK(t, "DeleteUserChallenges", s.DeleteUserChallenges(ctx, "a"))
	for _, h := range []string{"ca1", "ca2"} {
		_, err := s.ChallengeByHash(ctx, h)
		wantErr(t, "ChallengeByHash("+h+")", err, core.ErrNotFound)
	}
	_, err := s.LatestEmailCode(ctx, "a", "login:ca1")
	wantErr(t, "LatestEmailCode(login code of a deleted challenge)", err, core.ErrNotFound)
	latestEmailCode(t, s, "a", "step-up:s1")
	getChallenge(t, s, "cb")
	latestEmailCode(t, s, "b", "login:cb")

	wantOK(t, "DeleteUserEmailCodes", s.DeleteUserEmailCodes(ctx, "a"))
	_, err = s.LatestEmailCode(ctx, "a", "step-up:s1")
	wantErr(t, "LatestEmailCode after DeleteUserEmailCodes", err, core.ErrNotFound)
	latestEmailCode(t, s, "b", "login:cb")
}
