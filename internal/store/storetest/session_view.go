package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkSessionView fails the test unless v holds want, its user as
// UserByID reads it, and left unused recovery codes.
func checkSessionView(t *testing.T, s core.Store, v *core.SessionView, want *core.Session, left int) {
	t.Helper()
	checkSession(t, &v.Session, want)
	u := getUser(t, s, want.UserID)
	checkUser(t, &v.User, u)
	same(t, "Email", v.User.Email, u.Email)
	sameTime(t, "EmailVerifiedAt", v.User.EmailVerifiedAt, u.EmailVerifiedAt)
	same(t, "RecoveryLeft", v.RecoveryLeft, left)
}

// testSessionView: SessionViewByHash finds what SessionByHash, UserByID
// and RecoveryCodesLeft find together, under the same liveness rule (the
// session expires after now), and nothing for an expired, deleted or
// unknown session.
func testSessionView(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	sess := newSession(t, s, "s1", "a")
	view := func(tokenHash string, now time.Time) (*core.SessionView, error) {
		return s.SessionViewByHash(ctx, tokenHash, now)
	}

	v, err := view("s1", at(time.Minute))
	wantOK(t, "SessionViewByHash with no recovery codes", err)
	checkSessionView(t, s, v, sess, 0)

	// Every user field comes back, the sealed secrets and verified
	// address included.
	enableTOTP(t, s, "a", []byte("sealed secret"), 7)
	wantOK(t, "SetTOTPPending", s.SetTOTPPending(ctx, "a", []byte("sealed pending")))
	ok, err := s.SetEmailVerified(ctx, "a", "a@example.com", at(time.Second))
	wantBool(t, "SetEmailVerified", ok, err, true)
	wantOK(t, "ReplaceRecoveryCodes", s.ReplaceRecoveryCodes(ctx, "a",
		[][]byte{[]byte("h1"), []byte("h2"), []byte("h3")}, at(0)))
	wantOK(t, "ReplaceRecoveryCodes(b)", s.ReplaceRecoveryCodes(ctx, "b",
		[][]byte{[]byte("h1"), []byte("h9")}, at(0)))
	v, err = view("s1", at(time.Minute))
	wantOK(t, "SessionViewByHash", err)
	checkSessionView(t, s, v, sess, 3)
	sameBytes(t, "TOTPSecret", v.User.TOTPSecret, []byte("sealed secret"))
	sameBytes(t, "TOTPPending", v.User.TOTPPending, []byte("sealed pending"))
	same(t, "TOTPLastStep", v.User.TOTPLastStep, 7)
	if !v.User.EmailVerified() {
		t.Errorf("EmailVerifiedAt = %v, want the address verified", v.User.EmailVerifiedAt)
	}

	// The count is of this user's unused codes only.
	ok, err = s.UseRecoveryCode(ctx, "a", []byte("h2"), at(time.Second))
	wantBool(t, "UseRecoveryCode", ok, err, true)
	ok, err = s.UseRecoveryCode(ctx, "b", []byte("h9"), at(time.Second))
	wantBool(t, "UseRecoveryCode(b)", ok, err, true)
	v, err = view("s1", at(time.Minute))
	wantOK(t, "SessionViewByHash after using a code", err)
	same(t, "RecoveryLeft after using a code", v.RecoveryLeft, 2)

	// Written changes show: the last-seen time and the second factor.
	wantOK(t, "TouchSession", s.TouchSession(ctx, "s1", at(2*time.Minute)))
	wantOK(t, "MarkSecondFactor", s.MarkSecondFactor(ctx, "s1", at(3*time.Minute)))
	want := *sess
	want.LastSeen, want.SecondFactorAt = at(2*time.Minute), at(3*time.Minute)
	v, err = view("s1", at(time.Minute))
	wantOK(t, "SessionViewByHash after a touch", err)
	checkSessionView(t, s, v, &want, 2)

	// Expiry: alive until just before ExpiresAt, gone at it and after.
	_, err = view("s1", sess.ExpiresAt.Add(-time.Microsecond))
	wantOK(t, "SessionViewByHash just before its expiry", err)
	_, err = view("s1", sess.ExpiresAt)
	wantErr(t, "SessionViewByHash at its expiry", err, core.ErrNotFound)
	_, err = view("s1", at(2*time.Hour))
	wantErr(t, "SessionViewByHash after its expiry", err, core.ErrNotFound)

	_, err = view("unknown", at(0))
	wantErr(t, "SessionViewByHash(unknown)", err, core.ErrNotFound)
	_, err = view("", at(0))
	wantErr(t, "SessionViewByHash(\"\")", err, core.ErrNotFound)

	// A session ended (logout, revoked from the Security page) is gone.
	newSession(t, s, "s2", "a")
	wantOK(t, "DeleteSession", s.DeleteSession(ctx, "s1"))
	_, err = view("s1", at(time.Minute))
	wantErr(t, "SessionViewByHash after DeleteSession", err, core.ErrNotFound)
	wantOK(t, "DeleteUserSession", s.DeleteUserSession(ctx, "a", "id-s2"))
	_, err = view("s2", at(time.Minute))
	wantErr(t, "SessionViewByHash after DeleteUserSession", err, core.ErrNotFound)

	// Within a transaction it reads what the transaction wrote.
	err = s.InTx(ctx, func(tx core.Store) error {
		newSession(t, tx, "s3", "b")
		v, err := tx.SessionViewByHash(ctx, "s3", at(time.Minute))
		if err != nil {
			return err
		}
		same(t, "RecoveryLeft in a transaction", v.RecoveryLeft, 1)
		same(t, "UserID in a transaction", v.User.ID, "b")
		return nil
	})
	wantOK(t, "SessionViewByHash in a transaction", err)
}
