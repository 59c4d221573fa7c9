package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// accountRows are one account's rows in every table a foreign key ties to
// the account, made by newAccountRows.
type accountRows struct {
	user    *core.User
	session string // token hash
	oidc    oidcGrant
}

// newAccountRows gives the existing user id a row in every table that
// names an account by a foreign key: TOTP and recovery codes, a session,
// a login challenge, a mailed code, a trusted and a known device, an email
// undo link and a full OpenID Connect grant at the client c1.
func newAccountRows(t *testing.T, s core.Store, id string) accountRows {
	t.Helper()
	ctx := t.Context()
	enableTOTP(t, s, id, []byte("secret-"+id), 7)
	wantOK(t, "ReplaceRecoveryCodes("+id+")", s.ReplaceRecoveryCodes(ctx, id, [][]byte{[]byte("rc-" + id)}, at(0)))
	newSession(t, s, "s-"+id, id)
	newChallenge(t, s, "ch-"+id, id, at(time.Hour))
	newEmailCode(t, s, "e-"+id, id, "step-up", at(0))
	newDevice(t, s, "d-"+id, id, at(0), at(time.Hour))
	wantOK(t, "CreateKnownDevice("+id+")", s.CreateKnownDevice(ctx,
		&core.KnownDevice{ID: "k-" + id, TokenHash: "known-" + id, UserID: id, CreatedAt: at(0), LastUsed: at(0)}))
	wantOK(t, "CreateEmailUndo("+id+")", s.CreateEmailUndo(ctx, &core.EmailUndo{TokenHash: "undo-" + id, UserID: id,
		OldEmail: "old-" + id + "@example.com", NewEmail: id + "@example.com", CreatedAt: at(0), ExpiresAt: at(time.Hour)}))
	return accountRows{user: getUser(t, s, id), session: "s-" + id, oidc: newOIDCGrant(t, s, id, "c1", "1")}
}

// checkAccountRows fails the test unless every row newAccountRows made is
// there (want) or gone (!want).
func checkAccountRows(t *testing.T, s core.Store, r accountRows, want bool) {
	t.Helper()
	ctx := t.Context()
	id := r.user.ID
	_, err := s.UserByID(ctx, id)
	exists(t, "user "+id, err, want)
	_, err = s.UserByEmail(ctx, r.user.Email)
	exists(t, "user by email "+r.user.Email, err, want)
	left, err := s.RecoveryCodesLeft(ctx, id)
	wantOK(t, "RecoveryCodesLeft("+id+")", err)
	same(t, "recovery code of "+id+" kept", left == 1, want)
	_, err = s.SessionByHash(ctx, r.session, at(0))
	exists(t, "session of "+id, err, want)
	_, err = s.ChallengeByHash(ctx, "ch-"+id)
	exists(t, "challenge of "+id, err, want)
	_, err = s.LatestEmailCode(ctx, id, "step-up")
	exists(t, "email code of "+id, err, want)
	_, err = s.TrustedDeviceByHash(ctx, "token-d-"+id, at(0))
	exists(t, "trusted device of "+id, err, want)
	_, err = s.KnownDeviceByHash(ctx, "known-"+id)
	exists(t, "known device of "+id, err, want)
	open, err := s.EmailUndoOpen(ctx, id, at(0))
	wantBool(t, "EmailUndoOpen("+id+")", open, err, want)
	holder, err := s.EmailUndoHolder(ctx, "old-"+id+"@example.com", at(0))
	wantOK(t, "EmailUndoHolder", err)
	same(t, "EmailUndoHolder(old address of "+id+") is "+id, holder == id, want)
	grant := oidcLeft{}
	if want {
		grant = allLeft
	}
	checkOIDCGrant(t, s, "account "+id, r.oidc, grant)
}

// testDeleteUser: deleting an account returns it as it was and takes every
// row a foreign key ties to it, and nothing of another account; its
// address is free again; events stay for DeleteUserEvents.
func testDeleteUser(t *testing.T, s core.Store) {
	ctx := t.Context()
	newOIDCAccounts(t, s)
	a, b := newAccountRows(t, s, "a"), newAccountRows(t, s, "b")
	wantOK(t, "AddEvent", s.AddEvent(ctx, &core.Event{UserID: "a", Type: "signup", At: at(0)}))
	checkAccountRows(t, s, a, true)

	got, err := s.DeleteUser(ctx, "a")
	wantOK(t, "DeleteUser(a)", err)
	checkUser(t, got, a.user)
	checkAccountRows(t, s, a, false)
	checkAccountRows(t, s, b, true)
	_, err = s.OIDCClient(ctx, "c1")
	exists(t, "client c1", err, true)
	evs, err := s.Events(ctx, "a", core.EventCursor{}, 10)
	wantInt(t, "events of a after DeleteUser", len(evs), err, 1)

	_, err = s.DeleteUser(ctx, "a")
	wantErr(t, "DeleteUser(a) again", err, core.ErrNotFound)
	_, err = s.DeleteUser(ctx, "nobody")
	wantErr(t, "DeleteUser(nobody)", err, core.ErrNotFound)
	again := &core.User{ID: "a2", Email: a.user.Email, PasswordHash: "phc", CreatedAt: at(time.Hour)}
	wantOK(t, "CreateUser with the deleted account's address", s.CreateUser(ctx, again))
}

// testDeleteUserOIDC runs OIDCUserCascade with DeleteUser.
func testDeleteUserOIDC(t *testing.T, s core.Store) {
	OIDCUserCascade(t, s, func(id string) error {
		_, err := s.DeleteUser(t.Context(), id)
		return err
	})
}

func testKnownDeviceIDs(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	for _, d := range []*core.KnownDevice{
		{ID: "k1", TokenHash: "h1", UserID: "a", CreatedAt: at(0), LastUsed: at(0)},
		{ID: "k2", TokenHash: "h2", UserID: "a", CreatedAt: at(-48 * time.Hour), LastUsed: at(-48 * time.Hour)},
		{ID: "k3", TokenHash: "h3", UserID: "b", CreatedAt: at(0), LastUsed: at(0)},
	} {
		wantOK(t, "CreateKnownDevice("+d.ID+")", s.CreateKnownDevice(ctx, d))
	}
	ids, err := s.KnownDeviceIDs(ctx, "a")
	wantOK(t, "KnownDeviceIDs(a)", err)
	slices.Sort(ids)
	sameList(t, "KnownDeviceIDs(a)", ids, []string{"k1", "k2"})
	ids, err = s.KnownDeviceIDs(ctx, "nobody")
	wantInt(t, "KnownDeviceIDs(nobody)", len(ids), err, 0)
}

// testDeleteUserEvents: only the user's events go, not another account's
// nor those of no account, and not those of the types kept.
func testDeleteUserEvents(t *testing.T, s core.Store) {
	ctx := t.Context()
	for i, ev := range []struct{ uid, typ string }{{"a", "login"}, {"a", "logout"}, {"a", "settings-changed"}, {"a", "x"}, {"b", "login"}, {"", "login"}} {
		wantOK(t, "AddEvent", s.AddEvent(ctx, &core.Event{UserID: ev.uid, Type: ev.typ, At: at(time.Duration(i) * time.Minute)}))
	}
	n, err := s.DeleteUserEvents(ctx, "a", []string{"settings-changed", "x"})
	wantInt(t, "DeleteUserEvents(a, keeping two types)", n, err, 2)
	for uid, want := range map[string]int{"a": 2, "b": 1, "": 1} {
		evs, err := s.Events(ctx, uid, core.EventCursor{}, 10)
		wantInt(t, "events of "+uid, len(evs), err, want)
	}
	n, err = s.DeleteUserEvents(ctx, "a", nil)
	wantInt(t, "DeleteUserEvents(a, keeping none)", n, err, 2)
	n, err = s.DeleteUserEvents(ctx, "a", nil)
	wantInt(t, "DeleteUserEvents(a) again", n, err, 0)
}

// testDeleteThrottles: every record under the prefix goes,
// locked or not, and no other; the prefix is no pattern.
func testDeleteThrottles(t *testing.T, s core.Store) {
	ctx := t.Context()
	keys := map[string]bool{ // key: deleted
		"2fa:a:unknown": true, "2fa:a:k1": true,
		"2fa:ab:unknown": false, "2fa:a_:x": false, "x2fa:a:k1": false, "2fa:A:k1": false, "2fa-session:a": false,
	}
	for k := range keys {
		ok, err := s.SwapThrottle(ctx, core.Throttle{Key: k},
			core.Throttle{Key: k, Failures: 9, LastFailure: at(0), LockedUntil: at(time.Hour)})
		wantBool(t, "SwapThrottle("+k+")", ok, err, true)
	}
	n, err := s.DeleteThrottles(ctx, []string{"2fa:a:"})
	wantInt(t, "DeleteThrottles(2fa:a:)", n, err, 2)
	for k, gone := range keys {
		same(t, "record "+k+" deleted", getThrottle(t, s, k).Version == 0, gone)
	}
	n, err = s.DeleteThrottles(ctx, []string{"2fa:a%"})
	wantInt(t, "DeleteThrottles(2fa:a%)", n, err, 0)
}

// testDeleteMailTo: the messages to the address go, delivered, waiting or
// with a claim that has run out; one a sender holds stays and can still
// be marked sent; mail to other addresses stays.
func testDeleteMailTo(t *testing.T, s core.Store) {
	ctx := t.Context()
	mail := func(id, to string, due time.Time) {
		t.Helper()
		wantOK(t, "EnqueueMail("+id+")", s.EnqueueMail(ctx, &core.OutboxMessage{ID: id, Kind: core.MailNotification,
			To: to, Subject: "About " + id, Body: []byte("sealed"), CreatedAt: due, NextAttemptAt: due, GiveUpAt: at(24 * time.Hour)}))
	}
	const x, y = "x@example.com", "y@example.com"
	mail("sent", x, at(-40*time.Minute))
	mail("stale", x, at(-20*time.Minute))
	mail("held", x, at(-10*time.Minute))
	mail("waiting", x, at(0))
	mail("other", y, at(-50*time.Minute))
	// Each claim takes the one message due by then that is not taken.
	sameList(t, "claim", claimIDs(t, s, "c-other", at(-45*time.Minute), at(time.Hour), 1), []string{"other"})
	sameList(t, "claim", claimIDs(t, s, "c-sent", at(-35*time.Minute), at(-30*time.Minute), 1), []string{"sent"})
	ok, err := s.MarkMailSent(ctx, "sent", "c-sent", at(-34*time.Minute))
	wantBool(t, "MarkMailSent(sent)", ok, err, true)
	sameList(t, "claim", claimIDs(t, s, "c-stale", at(-15*time.Minute), at(-time.Minute), 1), []string{"stale"})
	sameList(t, "claim", claimIDs(t, s, "c-held", at(-5*time.Minute), at(time.Hour), 1), []string{"held"})

	n, err := s.DeleteMailTo(ctx, x, at(0))
	wantInt(t, "DeleteMailTo(x)", n, err, 3)
	for id, kept := range map[string]bool{"sent": false, "stale": false, "waiting": false, "held": true, "other": true} {
		_, err := s.OutboxMessage(ctx, id)
		exists(t, "message "+id, err, kept)
	}
	ok, err = s.MarkMailSent(ctx, "held", "c-held", at(time.Minute))
	wantBool(t, "MarkMailSent(held) after DeleteMailTo", ok, err, true)
}
