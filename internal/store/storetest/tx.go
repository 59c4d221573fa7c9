package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testInTxCommits: writes made through the Store handed to fn are visible
// afterwards, through the outer Store, once fn returns nil; a nested InTx
// joins the same transaction.
func testInTxCommits(t *testing.T, s core.Store) {
	ctx := t.Context()
	u := newUser(t, s, "tx")
	err := s.InTx(ctx, func(tx core.Store) error {
		if err := tx.SetPassword(ctx, u.ID, "new-hash", at(time.Minute)); err != nil {
			return err
		}
		if err := tx.InTx(ctx, func(inner core.Store) error {
			return inner.SetEmail2FA(ctx, u.ID, true)
		}); err != nil {
			return err
		}
		// Reads inside see the transaction's own writes.
		got, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		same(t, "password hash read inside the transaction", got.PasswordHash, "new-hash")
		return nil
	})
	wantOK(t, "InTx", err)
	got := getUser(t, s, u.ID)
	same(t, "password hash", got.PasswordHash, "new-hash")
	same(t, "email 2FA", got.Email2FA, true)
}

// testInTxRollsBack: an error from fn, also one returned after a nested
// InTx succeeded, undoes every write, and fn's error comes back as it is.
func testInTxRollsBack(t *testing.T, s core.Store) {
	ctx := t.Context()
	u := newUser(t, s, "tx")
	sess := &core.Session{TokenHash: "sess", UserID: u.ID, CreatedAt: at(0), ExpiresAt: at(time.Hour), LastSeen: at(0)}
	wantOK(t, "CreateSession", s.CreateSession(ctx, sess))
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx core.Store) error {
		if err := tx.SetPassword(ctx, u.ID, "new-hash", at(time.Minute)); err != nil {
			return err
		}
		if err := tx.InTx(ctx, func(inner core.Store) error {
			return inner.DeleteUserSessions(ctx, u.ID, "")
		}); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, [][]byte{[]byte("a"), []byte("b")}, at(0)); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("InTx returned %v, want fn's own error", err)
	}
	got := getUser(t, s, u.ID)
	same(t, "password hash after rollback", got.PasswordHash, u.PasswordHash)
	if _, err := s.SessionByHash(ctx, "sess", at(0)); err != nil {
		t.Fatalf("session after rollback: %v", err)
	}
	left, err := s.RecoveryCodesLeft(ctx, u.ID)
	wantInt(t, "recovery codes after rollback", left, err, 0)
}

// testInTxPanic: a panic in fn rolls back and reaches the caller.
func testInTxPanic(t *testing.T, s core.Store) {
	ctx := t.Context()
	u := newUser(t, s, "tx")
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic in fn did not reach the caller")
			}
		}()
		s.InTx(ctx, func(tx core.Store) error {
			if err := tx.SetPassword(ctx, u.ID, "new-hash", at(time.Minute)); err != nil {
				return err
			}
			panic("half-way")
		})
	}()
	same(t, "password hash after a panic", getUser(t, s, u.ID).PasswordHash, u.PasswordHash)
	// The store still works: the transaction's connection was given back.
	wantOK(t, "SetPassword after a panic", s.SetPassword(ctx, u.ID, "later", at(time.Hour)))
}
