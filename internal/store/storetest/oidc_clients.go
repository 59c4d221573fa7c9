package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testOIDCClients: a client reads back with every field, set or zero, and
// with nil and empty lists both as nil; a taken ID is refused; the list is
// oldest first; the secret is replaced or cleared; a deleted client is
// gone, and an unknown one is not found.
func testOIDCClients(t *testing.T, s core.Store) {
	ctx := t.Context()
	c2 := newOIDCClient(t, s, "c2")
	c1 := newOIDCClient(t, s, "c1") // created at the same instant as c2
	spa := &core.OIDCClient{ID: "spa", Name: "Single page", Public: true,
		RedirectURIs: []string{}, CreatedAt: at(-2 * time.Hour)}
	wantOK(t, "CreateOIDCClient(public, no lists)", s.CreateOIDCClient(ctx, spa))

	got, err := s.OIDCClient(ctx, "c1")
	wantOK(t, "OIDCClient", err)
	checkOIDCClient(t, got, c1)
	got, err = s.OIDCClient(ctx, "spa")
	wantOK(t, "OIDCClient(public)", err)
	checkOIDCClient(t, got, spa)

	dup := *c1
	dup.Name = "Other"
	wantErr(t, "CreateOIDCClient with a taken ID", s.CreateOIDCClient(ctx, &dup), core.ErrConflict)
	got, err = s.OIDCClient(ctx, "c1")
	wantOK(t, "OIDCClient after the refused duplicate", err)
	same(t, "Name after the refused duplicate", got.Name, c1.Name)

	for _, id := range []string{"unknown", "", "c1\x00", "\xff\xfe"} {
		_, err = s.OIDCClient(ctx, id)
		wantErr(t, "OIDCClient("+id+")", err, core.ErrNotFound)
	}

	list, err := s.OIDCClients(ctx)
	wantOK(t, "OIDCClients", err)
	if len(list) != 3 {
		t.Fatalf("OIDCClients = %d clients, want 3", len(list))
	}
	checkOIDCClient(t, &list[0], spa) // the oldest
	checkOIDCClient(t, &list[1], c1)  // then by ID
	checkOIDCClient(t, &list[2], c2)

	wantOK(t, "SetOIDCClientSecret", s.SetOIDCClientSecret(ctx, "c1", []byte("new-secret")))
	got, err = s.OIDCClient(ctx, "c1")
	wantOK(t, "OIDCClient", err)
	sameBytes(t, "SecretHash after SetOIDCClientSecret", got.SecretHash, []byte("new-secret"))
	got, err = s.OIDCClient(ctx, "c2")
	wantOK(t, "OIDCClient(c2)", err)
	sameBytes(t, "SecretHash of another client", got.SecretHash, c2.SecretHash)
	wantOK(t, "SetOIDCClientSecret(nil)", s.SetOIDCClientSecret(ctx, "c1", nil))
	got, err = s.OIDCClient(ctx, "c1")
	wantOK(t, "OIDCClient", err)
	if got.SecretHash != nil {
		t.Errorf("SecretHash after clearing it = %q, want nil", got.SecretHash)
	}
	wantErr(t, "SetOIDCClientSecret(unknown)", s.SetOIDCClientSecret(ctx, "unknown", []byte("x")), core.ErrNotFound)

	wantOK(t, "DeleteOIDCClient", s.DeleteOIDCClient(ctx, "c2"))
	_, err = s.OIDCClient(ctx, "c2")
	wantErr(t, "OIDCClient after DeleteOIDCClient", err, core.ErrNotFound)
	wantErr(t, "DeleteOIDCClient again", s.DeleteOIDCClient(ctx, "c2"), core.ErrNotFound)
	list, err = s.OIDCClients(ctx)
	wantOK(t, "OIDCClients", err)
	same(t, "clients after one was deleted", len(list), 2)
}

// testOIDCClientCascade: deleting a client deletes its authorization
// requests, tokens and consents, of every user, and nothing of another
// client.
func testOIDCClientCascade(t *testing.T, s core.Store) {
	newOIDCAccounts(t, s)
	a1 := newOIDCGrant(t, s, "a", "c1", "1")
	b1 := newOIDCGrant(t, s, "b", "c1", "1")
	a2 := newOIDCGrant(t, s, "a", "c2", "1")
	newOIDCRequest(t, s, "fresh-c1", "c1", at(10*time.Minute))
	newOIDCRequest(t, s, "fresh-c2", "c2", at(10*time.Minute))

	wantOK(t, "DeleteOIDCClient", s.DeleteOIDCClient(t.Context(), "c1"))
	checkOIDCGrant(t, s, "deleted client", a1, oidcLeft{})
	checkOIDCGrant(t, s, "deleted client", b1, oidcLeft{})
	checkOIDCGrant(t, s, "other client", a2, allLeft)
	_, err := s.OIDCAuthRequest(t.Context(), "fresh-c1")
	exists(t, "request of the deleted client not signed in yet", err, false)
	_, err = s.OIDCAuthRequest(t.Context(), "fresh-c2")
	exists(t, "request of the other client not signed in yet", err, true)
	getUser(t, s, "a")
}

// OIDCUserCascade checks that deleting an account deletes its OIDC
// requests, tokens and consents, and nothing of another account or of
// its clients. deleteUser deletes the account with that id as an
// administrator would (the Store has no method for it). s must start
// empty.
func OIDCUserCascade(t *testing.T, s core.Store, deleteUser func(id string) error) {
	t.Helper()
	newOIDCAccounts(t, s)
	a1 := newOIDCGrant(t, s, "a", "c1", "1")
	a2 := newOIDCGrant(t, s, "a", "c2", "1")
	b1 := newOIDCGrant(t, s, "b", "c1", "1")
	newOIDCRequest(t, s, "fresh", "c1", at(10*time.Minute))

	wantOK(t, "delete user a", deleteUser("a"))
	checkOIDCGrant(t, s, "deleted user", a1, oidcLeft{})
	checkOIDCGrant(t, s, "deleted user", a2, oidcLeft{})
	checkOIDCGrant(t, s, "other user", b1, allLeft)
	_, err := s.OIDCAuthRequest(t.Context(), "fresh")
	exists(t, "request not signed in yet", err, true)
	for _, id := range []string{"c1", "c2"} {
		_, err := s.OIDCClient(t.Context(), id)
		exists(t, "client "+id, err, true)
	}
}
