package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testOIDCAccessTokens: an access token reads back with every field until
// it expires; a taken ID, an unknown client or user is refused; a deleted
// token is gone.
func testOIDCAccessTokens(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	full := newAccessToken(t, s, "at1", "c1", "a", "g1", "rt1", at(time.Hour))
	bare := &core.OIDCAccessToken{ID: "at2", ClientID: "c1", UserID: "a", Scopes: []string{},
		GrantID: "g2", CreatedAt: at(0), ExpiresAt: at(time.Minute)}
	wantOK(t, "CreateOIDCAccessToken(zero fields)", s.CreateOIDCAccessToken(ctx, bare))

	got, err := s.OIDCAccessToken(ctx, "at1", at(59*time.Minute))
	wantOK(t, "OIDCAccessToken", err)
	checkAccessToken(t, got, full)
	got, err = s.OIDCAccessToken(ctx, "at2", at(0))
	wantOK(t, "OIDCAccessToken(zero fields)", err)
	checkAccessToken(t, got, bare)

	_, err = s.OIDCAccessToken(ctx, "at1", at(time.Hour))
	wantErr(t, "OIDCAccessToken at its expiry", err, core.ErrNotFound)
	_, err = s.OIDCAccessToken(ctx, "at1", at(2*time.Hour))
	wantErr(t, "OIDCAccessToken after its expiry", err, core.ErrNotFound)
	for _, id := range []string{"unknown", "", "at1\x00", "\xff"} {
		_, err = s.OIDCAccessToken(ctx, id, at(0))
		wantErr(t, "OIDCAccessToken("+id+")", err, core.ErrNotFound)
	}

	dup := *full
	dup.Scopes = []string{"openid"}
	wantErr(t, "CreateOIDCAccessToken with a taken ID", s.CreateOIDCAccessToken(ctx, &dup), core.ErrConflict)
	noClient := *bare
	noClient.ID, noClient.ClientID = "at3", "nobody"
	wantErr(t, "CreateOIDCAccessToken for an unknown client", s.CreateOIDCAccessToken(ctx, &noClient), core.ErrNotFound)
	noUser := *bare
	noUser.ID, noUser.UserID = "at4", "nobody"
	wantErr(t, "CreateOIDCAccessToken for an unknown user", s.CreateOIDCAccessToken(ctx, &noUser), core.ErrNotFound)

	wantOK(t, "DeleteOIDCAccessToken", s.DeleteOIDCAccessToken(ctx, "at1"))
	_, err = s.OIDCAccessToken(ctx, "at1", at(0))
	wantErr(t, "OIDCAccessToken after DeleteOIDCAccessToken", err, core.ErrNotFound)
	wantOK(t, "DeleteOIDCAccessToken again", s.DeleteOIDCAccessToken(ctx, "at1"))
	_, err = s.OIDCAccessToken(ctx, "at2", at(0))
	wantOK(t, "the other access token", err)
}

// testOIDCRefreshTokens: a refresh token reads back with every field, set
// or zero, used or expired; a taken ID or hash, an unknown client or user
// is refused; it is used once, only before it expires.
func testOIDCRefreshTokens(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	rt1 := newRefreshToken(t, s, "rt1", "c1", "a", "g1", at(24*time.Hour))
	used := *rt1
	used.ID, used.TokenHash, used.UsedAt = "rt2", refreshHash("rt2"), at(time.Minute)
	wantOK(t, "CreateOIDCRefreshToken(used)", s.CreateOIDCRefreshToken(ctx, &used))
	bare := &core.OIDCRefreshToken{ID: "rt3", TokenHash: refreshHash("rt3"), ClientID: "c1", UserID: "a",
		Scopes: []string{}, GrantID: "g3", CreatedAt: at(0), ExpiresAt: at(time.Minute)}
	wantOK(t, "CreateOIDCRefreshToken(zero fields)", s.CreateOIDCRefreshToken(ctx, bare))

	for _, want := range []*core.OIDCRefreshToken{rt1, &used, bare} {
		got, err := s.OIDCRefreshToken(ctx, want.TokenHash)
		wantOK(t, "OIDCRefreshToken("+want.ID+")", err)
		checkRefreshToken(t, got, want)
	}
	for _, hash := range [][]byte{[]byte("unknown"), nil} {
		_, err := s.OIDCRefreshToken(ctx, hash)
		wantErr(t, "OIDCRefreshToken(unknown)", err, core.ErrNotFound)
	}

	dupID := *bare
	dupID.TokenHash = []byte("another hash")
	wantErr(t, "CreateOIDCRefreshToken with a taken ID", s.CreateOIDCRefreshToken(ctx, &dupID), core.ErrConflict)
	dupHash := *bare
	dupHash.ID = "rt4"
	wantErr(t, "CreateOIDCRefreshToken with a taken hash", s.CreateOIDCRefreshToken(ctx, &dupHash), core.ErrConflict)
	noClient := *bare
	noClient.ID, noClient.TokenHash, noClient.ClientID = "rt5", refreshHash("rt5"), "nobody"
	wantErr(t, "CreateOIDCRefreshToken for an unknown client", s.CreateOIDCRefreshToken(ctx, &noClient), core.ErrNotFound)
	noUser := *bare
	noUser.ID, noUser.TokenHash, noUser.UserID = "rt6", refreshHash("rt6"), "nobody"
	wantErr(t, "CreateOIDCRefreshToken for an unknown user", s.CreateOIDCRefreshToken(ctx, &noUser), core.ErrNotFound)

	ok, err := s.UseOIDCRefreshToken(ctx, refreshHash("rt1"), at(time.Hour))
	wantBool(t, "UseOIDCRefreshToken", ok, err, true)
	ok, err = s.UseOIDCRefreshToken(ctx, refreshHash("rt1"), at(2*time.Hour))
	wantBool(t, "UseOIDCRefreshToken again", ok, err, false)
	got, err := s.OIDCRefreshToken(ctx, refreshHash("rt1"))
	wantOK(t, "OIDCRefreshToken after use", err)
	want := *rt1
	want.UsedAt = at(time.Hour)
	checkRefreshToken(t, got, &want)

	ok, err = s.UseOIDCRefreshToken(ctx, refreshHash("rt2"), at(2*time.Minute))
	wantBool(t, "UseOIDCRefreshToken of a used token", ok, err, false)
	for _, when := range []time.Duration{time.Minute, time.Hour} {
		ok, err = s.UseOIDCRefreshToken(ctx, refreshHash("rt3"), at(when))
		wantBool(t, "UseOIDCRefreshToken at or after expiry", ok, err, false)
	}
	got, err = s.OIDCRefreshToken(ctx, refreshHash("rt3"))
	wantOK(t, "OIDCRefreshToken of an expired token", err)
	checkRefreshToken(t, got, bare)
	ok, err = s.UseOIDCRefreshToken(ctx, []byte("unknown"), at(time.Minute))
	wantBool(t, "UseOIDCRefreshToken(unknown)", ok, err, false)
	if _, err := s.UseOIDCRefreshToken(ctx, refreshHash("rt3"), time.Time{}); err == nil {
		t.Error("UseOIDCRefreshToken at the zero time worked")
	}
}

// testDeleteOIDCRefreshToken: deleting a refresh token deletes the access
// tokens issued with it, and no other.
func testDeleteOIDCRefreshToken(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	newRefreshToken(t, s, "rt1", "c1", "a", "g1", at(24*time.Hour))
	newRefreshToken(t, s, "rt2", "c1", "a", "g1", at(24*time.Hour))
	newAccessToken(t, s, "at1", "c1", "a", "g1", "rt1", at(time.Hour))
	newAccessToken(t, s, "at2", "c1", "a", "g1", "rt1", at(time.Hour))
	newAccessToken(t, s, "at3", "c1", "a", "g1", "rt2", at(time.Hour))
	newAccessToken(t, s, "at4", "c1", "a", "g1", "", at(time.Hour))

	wantOK(t, "DeleteOIDCRefreshToken", s.DeleteOIDCRefreshToken(ctx, "rt1"))
	_, err := s.OIDCRefreshToken(ctx, refreshHash("rt1"))
	exists(t, "deleted refresh token", err, false)
	_, err = s.OIDCRefreshToken(ctx, refreshHash("rt2"))
	exists(t, "other refresh token", err, true)
	for id, want := range map[string]bool{"at1": false, "at2": false, "at3": true, "at4": true} {
		_, err := s.OIDCAccessToken(ctx, id, at(0))
		exists(t, "access token "+id, err, want)
	}
	wantOK(t, "DeleteOIDCRefreshToken again", s.DeleteOIDCRefreshToken(ctx, "rt1"))
	wantOK(t, "DeleteOIDCRefreshToken(\"\")", s.DeleteOIDCRefreshToken(ctx, ""))
	_, err = s.OIDCAccessToken(ctx, "at4", at(0))
	exists(t, "access token with no refresh token", err, true)
}

// testRevokeOIDC: RevokeOIDCGrant, RevokeOIDCClientUser and RevokeOIDCUser
// remove exactly the rows they name.
func testRevokeOIDC(t *testing.T, s core.Store) {
	ctx := t.Context()
	newOIDCAccounts(t, s)
	a11 := newOIDCGrant(t, s, "a", "c1", "1")
	a12 := newOIDCGrant(t, s, "a", "c1", "2")
	a21 := newOIDCGrant(t, s, "a", "c2", "1")
	b11 := newOIDCGrant(t, s, "b", "c1", "1")
	b21 := newOIDCGrant(t, s, "b", "c2", "1")
	newOIDCRequest(t, s, "fresh", "c1", at(10*time.Minute))
	noTokens := oidcLeft{grant: true, pending: true, consent: true}

	wantOK(t, "RevokeOIDCGrant", s.RevokeOIDCGrant(ctx, a11.grant))
	checkOIDCGrant(t, s, "revoked grant", a11, noTokens)
	for _, g := range []oidcGrant{a12, a21, b11, b21} {
		checkOIDCGrant(t, s, "after revoking another grant", g, allLeft)
	}
	wantOK(t, "RevokeOIDCGrant(unknown)", s.RevokeOIDCGrant(ctx, "unknown"))

	wantOK(t, "RevokeOIDCClientUser", s.RevokeOIDCClientUser(ctx, "a", "c1"))
	// The redeemed request stays, so that its code, replayed, is still
	// known; the one whose code is still to be redeemed goes.
	unfinished := oidcLeft{grant: true, consent: true}
	checkOIDCGrant(t, s, "revoked client of the user", a11, unfinished)
	checkOIDCGrant(t, s, "revoked client of the user", a12, unfinished)
	for _, g := range []oidcGrant{a21, b11, b21} {
		checkOIDCGrant(t, s, "after revoking another client or user", g, allLeft)
	}
	_, err := s.OIDCAuthRequest(ctx, "fresh")
	exists(t, "request not signed in yet", err, true)

	// A user's revocation also ends the codes not redeemed yet.
	wantOK(t, "RevokeOIDCUser", s.RevokeOIDCUser(ctx, "b"))
	checkOIDCGrant(t, s, "revoked user", b11, unfinished)
	checkOIDCGrant(t, s, "revoked user", b21, unfinished)
	checkOIDCGrant(t, s, "user not revoked", a21, allLeft)
	checkOIDCGrant(t, s, "user not revoked", a12, unfinished)
	wantOK(t, "RevokeOIDCUser(unknown)", s.RevokeOIDCUser(ctx, "nobody"))
}
