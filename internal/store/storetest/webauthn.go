package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// newWebAuthnKey stores a key of the user with the given ids.
func newWebAuthnKey(t *testing.T, s core.Store, id, userID string, credID []byte, created time.Time) *core.WebAuthnCredential {
	t.Helper()
	c := &core.WebAuthnCredential{
		ID: id, UserID: userID, UserHandle: []byte("handle-" + userID), CredentialID: credID,
		PublicKey: []byte{0xa5, 0x01, 0x02}, SignCount: 7, BackupEligible: true, BackupState: true, Discoverable: true,
		Transports: []string{"internal", "hybrid"}, AAGUID: make([]byte, 16), Name: "Key " + id, CreatedAt: created,
	}
	wantOK(t, "AddWebAuthnCredential("+id+")", s.AddWebAuthnCredential(t.Context(), c))
	return c
}

// testWebAuthnCredentials: keys are stored with every field, listed per
// account oldest first, found by credential id; ids and credential ids
// are unique; renaming and deleting touch only the owner's key; a use
// writes only over the counter it read; deleting the account deletes its
// keys.
func testWebAuthnCredentials(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	k1 := newWebAuthnKey(t, s, "wk1", "a", []byte{1, 2, 3}, at(0))
	newWebAuthnKey(t, s, "wk2", "a", []byte{4, 5, 6}, at(time.Minute))
	newWebAuthnKey(t, s, "wk3", "b", []byte{7}, at(0))

	wantErr(t, "AddWebAuthnCredential(taken credential id)", s.AddWebAuthnCredential(ctx,
		&core.WebAuthnCredential{ID: "wk4", UserID: "b", UserHandle: []byte("h"), CredentialID: []byte{1, 2, 3},
			PublicKey: []byte{1}, Name: "x", CreatedAt: at(0)}), core.ErrConflict)
	wantErr(t, "AddWebAuthnCredential(taken id)", s.AddWebAuthnCredential(ctx,
		&core.WebAuthnCredential{ID: "wk1", UserID: "b", UserHandle: []byte("h"), CredentialID: []byte{9},
			PublicKey: []byte{1}, Name: "x", CreatedAt: at(0)}), core.ErrConflict)
	wantErr(t, "AddWebAuthnCredential(no such user)", s.AddWebAuthnCredential(ctx,
		&core.WebAuthnCredential{ID: "wk5", UserID: "nobody", UserHandle: []byte("h"), CredentialID: []byte{10},
			PublicKey: []byte{1}, Name: "x", CreatedAt: at(0)}), core.ErrNotFound)

	list, err := s.WebAuthnCredentials(ctx, "a")
	wantOK(t, "WebAuthnCredentials(a)", err)
	if len(list) != 2 || list[0].ID != "wk1" || list[1].ID != "wk2" {
		t.Fatalf("WebAuthnCredentials(a) = %+v, want wk1 then wk2", list)
	}
	got, err := s.WebAuthnCredentialByCredentialID(ctx, []byte{1, 2, 3})
	wantOK(t, "WebAuthnCredentialByCredentialID", err)
	same(t, "ID", got.ID, k1.ID)
	same(t, "UserID", got.UserID, "a")
	sameBytes(t, "UserHandle", got.UserHandle, k1.UserHandle)
	sameBytes(t, "PublicKey", got.PublicKey, k1.PublicKey)
	sameBytes(t, "AAGUID", got.AAGUID, k1.AAGUID)
	same(t, "SignCount", got.SignCount, 7)
	same(t, "BackupEligible", got.BackupEligible, true)
	same(t, "BackupState", got.BackupState, true)
	same(t, "Discoverable", got.Discoverable, true)
	if !slices.Equal(got.Transports, k1.Transports) {
		t.Errorf("Transports = %v, want %v", got.Transports, k1.Transports)
	}
	same(t, "Name", got.Name, "Key wk1")
	sameTime(t, "CreatedAt", got.CreatedAt, at(0))
	sameTime(t, "LastUsedAt", got.LastUsedAt, time.Time{})
	_, err = s.WebAuthnCredentialByCredentialID(ctx, []byte{42})
	wantErr(t, "WebAuthnCredentialByCredentialID(unknown)", err, core.ErrNotFound)

	ok, err := s.UseWebAuthnCredential(ctx, "wk1", 7, 9, false, at(time.Hour))
	wantBool(t, "UseWebAuthnCredential(7 -> 9)", ok, err, true)
	ok, err = s.UseWebAuthnCredential(ctx, "wk1", 7, 8, true, at(2*time.Hour))
	wantBool(t, "UseWebAuthnCredential(stale counter 7)", ok, err, false)
	got, err = s.WebAuthnCredentialByCredentialID(ctx, []byte{1, 2, 3})
	wantOK(t, "WebAuthnCredentialByCredentialID", err)
	same(t, "SignCount after use", got.SignCount, 9)
	same(t, "BackupState after use", got.BackupState, false)
	sameTime(t, "LastUsedAt after use", got.LastUsedAt, at(time.Hour))
	if _, err := s.UseWebAuthnCredential(ctx, "wk1", 9, 10, false, time.Time{}); err == nil {
		t.Error("UseWebAuthnCredential at the zero time succeeded")
	}

	wantErr(t, "RenameWebAuthnCredential(other's key)", s.RenameWebAuthnCredential(ctx, "b", "wk1", "mine"), core.ErrNotFound)
	wantOK(t, "RenameWebAuthnCredential", s.RenameWebAuthnCredential(ctx, "a", "wk1", "Laptop"))
	got, _ = s.WebAuthnCredentialByCredentialID(ctx, []byte{1, 2, 3})
	same(t, "Name after rename", got.Name, "Laptop")
	wantErr(t, "DeleteWebAuthnCredential(other's key)", s.DeleteWebAuthnCredential(ctx, "b", "wk1"), core.ErrNotFound)
	wantOK(t, "DeleteWebAuthnCredential", s.DeleteWebAuthnCredential(ctx, "a", "wk1"))
	wantErr(t, "DeleteWebAuthnCredential(again)", s.DeleteWebAuthnCredential(ctx, "a", "wk1"), core.ErrNotFound)

	_, err = s.DeleteUser(ctx, "a")
	wantOK(t, "DeleteUser(a)", err)
	list, err = s.WebAuthnCredentials(ctx, "a")
	wantOK(t, "WebAuthnCredentials(deleted a)", err)
	same(t, "keys of a deleted account", len(list), 0)
	_, err = s.WebAuthnCredentialByCredentialID(ctx, []byte{4, 5, 6})
	wantErr(t, "key of a deleted account", err, core.ErrNotFound)
	list, _ = s.WebAuthnCredentials(ctx, "b")
	same(t, "keys of b", len(list), 1)
}

// newCeremony stores a ceremony.
func newCeremony(t *testing.T, s core.Store, hash, purpose, userID string, expires time.Time) {
	t.Helper()
	c := &core.WebAuthnCeremony{ChallengeHash: hash, Purpose: purpose, UserID: userID, Data: []byte(`{"challenge":"` + hash + `"}`),
		CreatedAt: at(0), ExpiresAt: expires}
	wantOK(t, "CreateWebAuthnCeremony("+hash+")", s.CreateWebAuthnCeremony(t.Context(), c))
}

// testWebAuthnCeremonies: a ceremony is used once, only for its purpose
// and before it expires; one without an account works as well; deleting
// the account deletes its ceremonies, DeleteExpired the expired ones.
func testWebAuthnCeremonies(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newCeremony(t, s, "h1", "login:x", "a", at(5*time.Minute))
	wantErr(t, "CreateWebAuthnCeremony(taken hash)", s.CreateWebAuthnCeremony(ctx,
		&core.WebAuthnCeremony{ChallengeHash: "h1", Purpose: "p", Data: []byte("{}"), CreatedAt: at(0), ExpiresAt: at(time.Hour)}), core.ErrConflict)

	_, err := s.UseWebAuthnCeremony(ctx, "h1", "step-up:x", at(time.Minute))
	wantErr(t, "UseWebAuthnCeremony(other purpose)", err, core.ErrNotFound)
	_, err = s.UseWebAuthnCeremony(ctx, "h1", "login:x", at(5*time.Minute))
	wantErr(t, "UseWebAuthnCeremony(at expiry)", err, core.ErrNotFound)
	c, err := s.UseWebAuthnCeremony(ctx, "h1", "login:x", at(time.Minute))
	wantOK(t, "UseWebAuthnCeremony", err)
	same(t, "UserID", c.UserID, "a")
	same(t, "Data", string(c.Data), `{"challenge":"h1"}`)
	sameTime(t, "CreatedAt", c.CreatedAt, at(0))
	sameTime(t, "ExpiresAt", c.ExpiresAt, at(5*time.Minute))
	_, err = s.UseWebAuthnCeremony(ctx, "h1", "login:x", at(time.Minute))
	wantErr(t, "UseWebAuthnCeremony(second use)", err, core.ErrNotFound)

	newCeremony(t, s, "h2", "passkey", "", at(5*time.Minute))
	c, err = s.UseWebAuthnCeremony(ctx, "h2", "passkey", at(time.Minute))
	wantOK(t, "UseWebAuthnCeremony(no account)", err)
	same(t, "UserID of a passkey ceremony", c.UserID, "")

	newCeremony(t, s, "h3", "register:x", "a", at(time.Hour))
	newCeremony(t, s, "h4", "passkey", "", at(time.Minute))
	n, err := s.DeleteExpired(ctx, at(2*time.Minute))
	wantOK(t, "DeleteExpired", err)
	if n < 1 {
		t.Errorf("DeleteExpired removed %d rows, want the expired ceremony", n)
	}
	_, err = s.UseWebAuthnCeremony(ctx, "h4", "passkey", at(0))
	wantErr(t, "UseWebAuthnCeremony(deleted as expired)", err, core.ErrNotFound)
	_, err = s.DeleteUser(ctx, "a")
	wantOK(t, "DeleteUser", err)
	_, err = s.UseWebAuthnCeremony(ctx, "h3", "register:x", at(0))
	wantErr(t, "UseWebAuthnCeremony(of a deleted account)", err, core.ErrNotFound)
}

// testConcurrentUseWebAuthnCeremony: of many concurrent uses of one
// ceremony, exactly one gets it.
func testConcurrentUseWebAuthnCeremony(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newCeremony(t, s, "h1", "login:x", "a", at(5*time.Minute))
	wins := Race(t, workers, func(int) (bool, error) {
		_, err := s.UseWebAuthnCeremony(ctx, "h1", "login:x", at(time.Minute))
		if errors.Is(err, core.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	})
	wantOneWinner(t, "UseWebAuthnCeremony", wins)
}

// testConcurrentUseWebAuthnCredential: of many uses that read the same
// counter, exactly one records its signature.
func testConcurrentUseWebAuthnCredential(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newWebAuthnKey(t, s, "wk1", "a", []byte{1}, at(0))
	wins := Race(t, workers, func(i int) (bool, error) {
		return s.UseWebAuthnCredential(ctx, "wk1", 7, uint32(8+i), false, at(time.Minute))
	})
	wantOneWinner(t, "UseWebAuthnCredential", wins)
}
