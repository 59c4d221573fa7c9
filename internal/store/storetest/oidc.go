package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// The OIDC fixtures. Lists read back as they were stored, except that an
// empty list reads back as nil, like a nil one.

// sameList fails the test unless got holds the values of want in order; an
// empty want must read back as nil.
func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(want) == 0 {
		if got != nil {
			t.Errorf("%s = %#v, want nil", what, got)
		}
		return
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// newOIDCAccounts creates the users a and b and the clients c1 and c2.
func newOIDCAccounts(t *testing.T, s core.Store) {
	t.Helper()
	newUser(t, s, "a")
	newUser(t, s, "b")
	newOIDCClient(t, s, "c1")
	newOIDCClient(t, s, "c2")
}

// newOIDCClient creates a confidential client with every field set.
func newOIDCClient(t *testing.T, s core.Store, id string) *core.OIDCClient {
	t.Helper()
	c := &core.OIDCClient{
		ID:             id,
		Name:           "App " + id,
		SecretHash:     []byte("secret-hash\x00\xff" + id),
		Require2FA:     true,
		RedirectURIs:   []string{"https://" + id + ".example/callback", "http://127.0.0.1:8080/cb?x=1&y=%20"},
		PostLogoutURIs: []string{"https://" + id + ".example/bye"},
		CreatedAt:      at(-time.Hour),
	}
	wantOK(t, "CreateOIDCClient("+id+")", s.CreateOIDCClient(t.Context(), c))
	return c
}

// checkOIDCClient compares every field of got with want.
func checkOIDCClient(t *testing.T, got, want *core.OIDCClient) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "Name", got.Name, want.Name)
	sameBytes(t, "SecretHash", got.SecretHash, want.SecretHash)
	if (got.SecretHash == nil) != (len(want.SecretHash) == 0) {
		t.Errorf("SecretHash = %#v, want %#v", got.SecretHash, want.SecretHash)
	}
	same(t, "Public", got.Public, want.Public)
	same(t, "Require2FA", got.Require2FA, want.Require2FA)
	sameList(t, "RedirectURIs", got.RedirectURIs, want.RedirectURIs)
	sameList(t, "PostLogoutURIs", got.PostLogoutURIs, want.PostLogoutURIs)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
}

// newOIDCRequest creates a request of the client, not signed in yet, with
// every field a client sends set, created at(0).
func newOIDCRequest(t *testing.T, s core.Store, id, clientID string, expires time.Time) *core.OIDCAuthRequest {
	t.Helper()
	r := &core.OIDCAuthRequest{
		ID:                  id,
		ClientID:            clientID,
		RedirectURI:         "https://" + clientID + ".example/callback",
		Scopes:              []string{"openid", "profile", "email", "offline_access"},
		State:               "state \x01 of " + id,
		Nonce:               "nonce-" + id,
		ResponseType:        "code",
		ResponseMode:        "query",
		CodeChallenge:       "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
		CodeChallengeMethod: "S256",
		Prompt:              []string{"login", "consent"},
		MaxAge:              300,
		LoginHint:           "a@example.com",
		ACRValues:           []string{"urn:twofa:2fa", "phr"},
		CreatedAt:           at(0),
		ExpiresAt:           expires,
	}
	wantOK(t, "CreateOIDCAuthRequest("+id+")", s.CreateOIDCAuthRequest(t.Context(), r))
	return r
}

// doneOIDCRequest creates a request of the client, signs the user in to it
// at(time.Second) and gives it the code whose hash is codeHash. It returns
// the request as stored.
func doneOIDCRequest(t *testing.T, s core.Store, id, clientID, userID string, codeHash []byte, expires time.Time) *core.OIDCAuthRequest {
	t.Helper()
	ctx := t.Context()
	r := newOIDCRequest(t, s, id, clientID, expires)
	amr := []string{"pwd", "otp", "mfa"}
	ok, err := s.CompleteOIDCAuthRequest(ctx, id, userID, at(-time.Minute), amr, at(time.Second))
	wantBool(t, "CompleteOIDCAuthRequest("+id+")", ok, err, true)
	ok, err = s.SetOIDCAuthCode(ctx, id, codeHash)
	wantBool(t, "SetOIDCAuthCode("+id+")", ok, err, true)
	r.UserID, r.AuthTime, r.AMR, r.DoneAt, r.CodeHash = userID, at(-time.Minute), amr, at(time.Second), codeHash
	return r
}

// getOIDCRequest returns the stored request or fails the test.
func getOIDCRequest(t *testing.T, s core.Store, id string) *core.OIDCAuthRequest {
	t.Helper()
	r, err := s.OIDCAuthRequest(t.Context(), id)
	wantOK(t, "OIDCAuthRequest("+id+")", err)
	return r
}

// checkOIDCRequest compares every field of got with want.
func checkOIDCRequest(t *testing.T, got, want *core.OIDCAuthRequest) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "ClientID", got.ClientID, want.ClientID)
	same(t, "RedirectURI", got.RedirectURI, want.RedirectURI)
	sameList(t, "Scopes", got.Scopes, want.Scopes)
	same(t, "State", got.State, want.State)
	same(t, "Nonce", got.Nonce, want.Nonce)
	same(t, "ResponseType", got.ResponseType, want.ResponseType)
	same(t, "ResponseMode", got.ResponseMode, want.ResponseMode)
	same(t, "CodeChallenge", got.CodeChallenge, want.CodeChallenge)
	same(t, "CodeChallengeMethod", got.CodeChallengeMethod, want.CodeChallengeMethod)
	sameList(t, "Prompt", got.Prompt, want.Prompt)
	same(t, "MaxAge", got.MaxAge, want.MaxAge)
	same(t, "LoginHint", got.LoginHint, want.LoginHint)
	sameList(t, "ACRValues", got.ACRValues, want.ACRValues)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	same(t, "UserID", got.UserID, want.UserID)
	sameTime(t, "AuthTime", got.AuthTime, want.AuthTime)
	sameList(t, "AMR", got.AMR, want.AMR)
	sameTime(t, "DoneAt", got.DoneAt, want.DoneAt)
	sameBytes(t, "CodeHash", got.CodeHash, want.CodeHash)
	sameTime(t, "RedeemedAt", got.RedeemedAt, want.RedeemedAt)
	sameTime(t, "ReusedAt", got.ReusedAt, want.ReusedAt)
}

// newAccessToken creates an access token of the grant, created at(0).
func newAccessToken(t *testing.T, s core.Store, id, clientID, userID, grantID, refreshID string, expires time.Time) *core.OIDCAccessToken {
	t.Helper()
	tok := &core.OIDCAccessToken{
		ID: id, ClientID: clientID, UserID: userID, Scopes: []string{"openid", "email"},
		GrantID: grantID, RefreshID: refreshID, CreatedAt: at(0), ExpiresAt: expires,
	}
	wantOK(t, "CreateOIDCAccessToken("+id+")", s.CreateOIDCAccessToken(t.Context(), tok))
	return tok
}

// checkAccessToken compares every field of got with want.
func checkAccessToken(t *testing.T, got, want *core.OIDCAccessToken) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "ClientID", got.ClientID, want.ClientID)
	same(t, "UserID", got.UserID, want.UserID)
	sameList(t, "Scopes", got.Scopes, want.Scopes)
	same(t, "GrantID", got.GrantID, want.GrantID)
	same(t, "RefreshID", got.RefreshID, want.RefreshID)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
}

// refreshHash is the token hash newRefreshToken gives the token id.
func refreshHash(id string) []byte { return []byte("refresh-hash\x00\xff" + id) }

// newRefreshToken creates an unused refresh token of the grant, created
// at(0), with the hash refreshHash(id).
func newRefreshToken(t *testing.T, s core.Store, id, clientID, userID, grantID string, expires time.Time) *core.OIDCRefreshToken {
	t.Helper()
	tok := &core.OIDCRefreshToken{
		ID: id, TokenHash: refreshHash(id), ClientID: clientID, UserID: userID,
		Scopes: []string{"openid", "offline_access"}, GrantID: grantID, AuthTime: at(-time.Minute),
		AMR: []string{"pwd", "hwk"}, CreatedAt: at(0), ExpiresAt: expires,
	}
	wantOK(t, "CreateOIDCRefreshToken("+id+")", s.CreateOIDCRefreshToken(t.Context(), tok))
	return tok
}

// checkRefreshToken compares every field of got with want.
func checkRefreshToken(t *testing.T, got, want *core.OIDCRefreshToken) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	sameBytes(t, "TokenHash", got.TokenHash, want.TokenHash)
	same(t, "ClientID", got.ClientID, want.ClientID)
	same(t, "UserID", got.UserID, want.UserID)
	sameList(t, "Scopes", got.Scopes, want.Scopes)
	same(t, "GrantID", got.GrantID, want.GrantID)
	sameTime(t, "AuthTime", got.AuthTime, want.AuthTime)
	sameList(t, "AMR", got.AMR, want.AMR)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	sameTime(t, "UsedAt", got.UsedAt, want.UsedAt)
}

// exists fails the test unless err says what the test expects of a row:
// nil when it should exist, core.ErrNotFound when it should not.
func exists(t *testing.T, what string, err error, want bool) {
	t.Helper()
	switch {
	case want && err != nil:
		t.Errorf("%s: %v, want it kept", what, err)
	case !want && !errors.Is(err, core.ErrNotFound):
		t.Errorf("%s: error %v, want it gone (ErrNotFound)", what, err)
	}
}

// oidcGrant is a full set of one user's rows at one client: the request
// whose code was redeemed (the grant), an access and a refresh token of
// that grant, a signed-in request whose code is not redeemed yet, and the
// user's consent to the client.
type oidcGrant struct {
	user, client                    string
	grant, pending, access, refresh string
}

// newOIDCGrant creates an oidcGrant of the user at the client; n tells
// apart several grants of the same user and client.
func newOIDCGrant(t *testing.T, s core.Store, user, client, n string) oidcGrant {
	t.Helper()
	ctx := t.Context()
	name := user + "-" + client + "-" + n
	g := oidcGrant{user: user, client: client,
		grant: "g-" + name, pending: "p-" + name, access: "at-" + name, refresh: "rt-" + name}
	doneOIDCRequest(t, s, g.grant, client, user, []byte("code-"+g.grant), at(10*time.Minute))
	_, ok, err := s.RedeemOIDCAuthCode(ctx, []byte("code-"+g.grant), at(2*time.Second))
	wantBool(t, "RedeemOIDCAuthCode("+g.grant+")", ok, err, true)
	doneOIDCRequest(t, s, g.pending, client, user, []byte("code-"+g.pending), at(10*time.Minute))
	newRefreshToken(t, s, g.refresh, client, user, g.grant, at(24*time.Hour))
	newAccessToken(t, s, g.access, client, user, g.grant, g.refresh, at(time.Hour))
	wantOK(t, "PutOIDCConsent", s.PutOIDCConsent(ctx, &core.OIDCConsent{
		UserID: user, ClientID: client, Scopes: []string{"openid"}, GrantedAt: at(0)}))
	return g
}

// oidcLeft says which rows of an oidcGrant a test expects to be left.
type oidcLeft struct{ grant, pending, access, refresh, consent bool }

// allLeft: every row of the grant is there.
var allLeft = oidcLeft{grant: true, pending: true, access: true, refresh: true, consent: true}

// checkOIDCGrant fails the test unless exactly the rows of g that want
// names are there.
func checkOIDCGrant(t *testing.T, s core.Store, what string, g oidcGrant, want oidcLeft) {
	t.Helper()
	ctx := t.Context()
	_, err := s.OIDCAuthRequest(ctx, g.grant)
	exists(t, what+": request "+g.grant, err, want.grant)
	_, err = s.OIDCAuthRequest(ctx, g.pending)
	exists(t, what+": request "+g.pending, err, want.pending)
	_, err = s.OIDCAccessToken(ctx, g.access, at(0))
	exists(t, what+": access token "+g.access, err, want.access)
	_, err = s.OIDCRefreshToken(ctx, refreshHash(g.refresh))
	exists(t, what+": refresh token "+g.refresh, err, want.refresh)
	_, err = s.OIDCConsent(ctx, g.user, g.client)
	exists(t, what+": consent of "+g.user+" to "+g.client, err, want.consent)
}
