package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// errKeyRollback is what testWebAuthnKeyCount's transaction fails with.
var errKeyRollback = errors.New("roll the key back")

// wantKeyCount fails the test unless the user's SecurityKeys, as UserByID
// and SessionViewByHash of its session sessionHash read it, is want, and
// matches the keys WebAuthnCredentials lists.
func wantKeyCount(t *testing.T, s core.Store, userID, sessionHash string, want int) {
	t.Helper()
	same(t, "SecurityKeys of "+userID, getUser(t, s, userID).SecurityKeys, want)
	keys, err := s.WebAuthnCredentials(t.Context(), userID)
	wantOK(t, "WebAuthnCredentials("+userID+")", err)
	same(t, "keys listed of "+userID, len(keys), want)
	if sessionHash != "" {
		v, err := s.SessionViewByHash(t.Context(), sessionHash, at(time.Minute))
		wantOK(t, "SessionViewByHash", err)
		same(t, "SecurityKeys of the session view of "+userID, v.User.SecurityKeys, want)
	}
}

// WantKeyCounts fails the test unless each user of want, by id, has that
// many SecurityKeys; backends check their migration with it.
func WantKeyCounts(t *testing.T, s core.Store, want map[string]int) {
	t.Helper()
	for id, n := range want {
		same(t, "SecurityKeys of "+id, getUser(t, s, id).SecurityKeys, n)
	}
}

// testWebAuthnKeyCount: a user's SecurityKeys counts its keys, read by
// UserByID and SessionViewByHash alike: a new account has none, an add
// counts one, a delete uncounts it; a refused add or delete (taken id,
// someone else's key, a key gone already) changes no count, and one
// user's keys do not count for another. CreateUser ignores the field.
func testWebAuthnKeyCount(t *testing.T, s core.Store) {
	ctx := t.Context()
	wantOK(t, "CreateUser", s.CreateUser(ctx, &core.User{ID: "a", Email: "a@example.com", PasswordHash: "h",
		CreatedAt: at(0), SecurityKeys: 5}))
	newUser(t, s, "b")
	newSession(t, s, "s1", "a")
	wantKeyCount(t, s, "a", "s1", 0)

	newWebAuthnKey(t, s, "wk1", "a", []byte{1}, at(0))
	wantKeyCount(t, s, "a", "s1", 1)
	newWebAuthnKey(t, s, "wk2", "a", []byte{2}, at(time.Second))
	newWebAuthnKey(t, s, "wk3", "b", []byte{3}, at(0))
	wantKeyCount(t, s, "a", "s1", 2)
	wantKeyCount(t, s, "b", "", 1)

	wantErr(t, "AddWebAuthnCredential(taken credential id)", s.AddWebAuthnCredential(ctx,
		&core.WebAuthnCredential{ID: "wk4", UserID: "a", UserHandle: []byte("h"), CredentialID: []byte{1},
			PublicKey: []byte{1}, Name: "x", CreatedAt: at(0)}), core.ErrConflict)
	wantErr(t, "DeleteWebAuthnCredential(other's key)", s.DeleteWebAuthnCredential(ctx, "b", "wk1"), core.ErrNotFound)
	wantKeyCount(t, s, "a", "s1", 2)
	wantKeyCount(t, s, "b", "", 1)

	wantOK(t, "DeleteWebAuthnCredential(wk1)", s.DeleteWebAuthnCredential(ctx, "a", "wk1"))
	wantErr(t, "DeleteWebAuthnCredential(wk1 again)", s.DeleteWebAuthnCredential(ctx, "a", "wk1"), core.ErrNotFound)
	wantKeyCount(t, s, "a", "s1", 1)
	wantOK(t, "DeleteWebAuthnCredential(wk2)", s.DeleteWebAuthnCredential(ctx, "a", "wk2"))
	wantKeyCount(t, s, "a", "s1", 0)
	wantKeyCount(t, s, "b", "", 1)

	// In a transaction that fails, the key and its count go back together.
	err := s.InTx(ctx, func(tx core.Store) error {
		newWebAuthnKey(t, tx, "wk5", "a", []byte{5}, at(0))
		if n := getUser(t, tx, "a").SecurityKeys; n != 1 {
			t.Errorf("SecurityKeys inside the transaction = %d, want 1", n)
		}
		return errKeyRollback
	})
	wantErr(t, "InTx", err, errKeyRollback)
	wantKeyCount(t, s, "a", "s1", 0)
}

// testConcurrentWebAuthnKeyCount: concurrent adds of a user's keys, and
// deletes of its others (each key deleted by two racing calls, of which
// one deletes it), leave SecurityKeys equal to the keys it has.
func testConcurrentWebAuthnKeyCount(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	const n = workers / 2
	for i := range n {
		newWebAuthnKey(t, s, fmt.Sprintf("old%d", i), "a", []byte("old"+fmt.Sprint(i)), at(0))
	}
	wantKeyCount(t, s, "a", "", n)
	deleted := Race(t, 3*n, func(i int) (bool, error) {
		switch i % 3 {
		case 0:
			c := &core.WebAuthnCredential{ID: fmt.Sprintf("new%d", i), UserID: "a", UserHandle: []byte("h"),
				CredentialID: []byte("new" + fmt.Sprint(i)), PublicKey: []byte{1}, Name: "x", CreatedAt: at(0)}
			return false, s.AddWebAuthnCredential(ctx, c)
		default:
			err := s.DeleteWebAuthnCredential(ctx, "a", fmt.Sprintf("old%d", i/3))
			if errors.Is(err, core.ErrNotFound) {
				return false, nil
			}
			return err == nil, err
		}
	})
	same(t, "deletes that deleted", deleted, n)
	wantKeyCount(t, s, "a", "", n)
}
