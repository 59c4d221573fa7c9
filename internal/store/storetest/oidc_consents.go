package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkConsent compares every field of got with want.
func checkConsent(t *testing.T, got, want *core.OIDCConsent) {
	t.Helper()
	same(t, "UserID", got.UserID, want.UserID)
	same(t, "ClientID", got.ClientID, want.ClientID)
	same(t, "ClientName", got.ClientName, want.ClientName)
	sameList(t, "Scopes", got.Scopes, want.Scopes)
	sameTime(t, "GrantedAt", got.GrantedAt, want.GrantedAt)
	sameTime(t, "LastUsed", got.LastUsed, want.LastUsed)
}

// testOIDCConsents: a consent reads back with its client's name; putting
// it again replaces it; the user's list is most recently used first; touch
// sets LastUsed of an existing consent only; delete removes one.
func testOIDCConsents(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	for _, id := range []string{"c1", "c2", "c3"} {
		newOIDCClient(t, s, id)
	}
	put := func(c core.OIDCConsent) *core.OIDCConsent {
		t.Helper()
		wantOK(t, "PutOIDCConsent("+c.UserID+", "+c.ClientID+")", s.PutOIDCConsent(ctx, &c))
		c.ClientName = "App " + c.ClientID
		return &c
	}
	get := func(userID, clientID string) *core.OIDCConsent {
		t.Helper()
		c, err := s.OIDCConsent(ctx, userID, clientID)
		wantOK(t, "OIDCConsent("+userID+", "+clientID+")", err)
		return c
	}

	first := put(core.OIDCConsent{UserID: "a", ClientID: "c1", ClientName: "ignored",
		Scopes: []string{"openid", "email", "profile"}, GrantedAt: at(0)})
	checkConsent(t, get("a", "c1"), first)
	a1 := put(core.OIDCConsent{UserID: "a", ClientID: "c1", Scopes: []string{"openid"},
		GrantedAt: at(time.Minute), LastUsed: at(time.Minute)})
	checkConsent(t, get("a", "c1"), a1)
	a2 := put(core.OIDCConsent{UserID: "a", ClientID: "c2", Scopes: []string{"openid"}, GrantedAt: at(2 * time.Minute)})
	a3 := put(core.OIDCConsent{UserID: "a", ClientID: "c3", Scopes: []string{}, GrantedAt: at(3 * time.Minute)})
	b1 := put(core.OIDCConsent{UserID: "b", ClientID: "c1", Scopes: []string{"openid"}, GrantedAt: at(0)})
	checkConsent(t, get("a", "c3"), a3)

	wantOK(t, "TouchOIDCConsent", s.TouchOIDCConsent(ctx, "a", "c2", at(5*time.Minute)))
	a2.LastUsed = at(5 * time.Minute)
	wantOK(t, "TouchOIDCConsent", s.TouchOIDCConsent(ctx, "a", "c1", at(4*time.Minute)))
	a1.LastUsed = at(4 * time.Minute)
	checkConsent(t, get("b", "c1"), b1)
	wantOK(t, "TouchOIDCConsent(no consent)", s.TouchOIDCConsent(ctx, "b", "c2", at(time.Minute)))
	_, err := s.OIDCConsent(ctx, "b", "c2")
	wantErr(t, "OIDCConsent touched but never given", err, core.ErrNotFound)

	list, err := s.UserOIDCConsents(ctx, "a")
	wantOK(t, "UserOIDCConsents", err)
	if len(list) != 3 {
		t.Fatalf("UserOIDCConsents = %d consents, want 3", len(list))
	}
	checkConsent(t, &list[0], a2) // used last
	checkConsent(t, &list[1], a1)
	checkConsent(t, &list[2], a3) // never used
	list, err = s.UserOIDCConsents(ctx, "nobody")
	wantOK(t, "UserOIDCConsents(nobody)", err)
	same(t, "consents of nobody", len(list), 0)

	wantErr(t, "PutOIDCConsent for an unknown user", s.PutOIDCConsent(ctx,
		&core.OIDCConsent{UserID: "nobody", ClientID: "c1", GrantedAt: at(0)}), core.ErrNotFound)
	wantErr(t, "PutOIDCConsent for an unknown client", s.PutOIDCConsent(ctx,
		&core.OIDCConsent{UserID: "a", ClientID: "nobody", GrantedAt: at(0)}), core.ErrNotFound)
	for _, ids := range [][2]string{{"a", "unknown"}, {"nobody", "c1"}, {"a\x00", "c1"}, {"a", "\xff"}} {
		_, err = s.OIDCConsent(ctx, ids[0], ids[1])
		wantErr(t, "OIDCConsent("+ids[0]+", "+ids[1]+")", err, core.ErrNotFound)
	}

	wantOK(t, "DeleteOIDCConsent", s.DeleteOIDCConsent(ctx, "a", "c1"))
	_, err = s.OIDCConsent(ctx, "a", "c1")
	wantErr(t, "OIDCConsent after DeleteOIDCConsent", err, core.ErrNotFound)
	wantErr(t, "DeleteOIDCConsent again", s.DeleteOIDCConsent(ctx, "a", "c1"), core.ErrNotFound)
	checkConsent(t, get("b", "c1"), b1)
	checkConsent(t, get("a", "c2"), a2)
}
