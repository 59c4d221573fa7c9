package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testDeleteExpiredOIDC: DeleteExpired removes the expired OIDC
// authorization requests, access tokens and refresh tokens, and keeps the
// live ones, the clients, the consents and the signing keys.
func testDeleteExpiredOIDC(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	wantOK(t, "PutOIDCConsent", s.PutOIDCConsent(ctx,
		&core.OIDCConsent{UserID: "a", ClientID: "c1", GrantedAt: at(0)}))
	wantOK(t, "AddOIDCSigningKeys", s.AddOIDCSigningKeys(ctx,
		[]core.OIDCSigningKey{signingKey("k1", "RS256", 0)}, at(0)))
	now := at(time.Hour)
	past, future := at(30*time.Minute), at(2*time.Hour)

	newOIDCRequest(t, s, "r-old", "c1", past)
	doneOIDCRequest(t, s, "r-old-done", "c1", "a", []byte("code"), past)
	newOIDCRequest(t, s, "r-new", "c1", future)
	newAccessToken(t, s, "at-old", "c1", "a", "g", "", past)
	newAccessToken(t, s, "at-new", "c1", "a", "g", "", future)
	newRefreshToken(t, s, "rt-old", "c1", "a", "g", past)
	newRefreshToken(t, s, "rt-new", "c1", "a", "g", future)

	n, err := s.DeleteExpired(ctx, now)
	wantInt(t, "DeleteExpired", n, err, 4)
	n, err = s.DeleteExpired(ctx, now)
	wantInt(t, "DeleteExpired again", n, err, 0)

	for id, want := range map[string]bool{"r-old": false, "r-old-done": false, "r-new": true} {
		_, err := s.OIDCAuthRequest(ctx, id)
		exists(t, "request "+id, err, want)
	}
	// Looked up at an earlier time, so that only deletion hides them.
	_, err = s.OIDCAccessToken(ctx, "at-old", at(0))
	exists(t, "expired access token", err, false)
	_, err = s.OIDCAccessToken(ctx, "at-new", now)
	exists(t, "live access token", err, true)
	_, err = s.OIDCRefreshToken(ctx, refreshHash("rt-old"))
	exists(t, "expired refresh token", err, false)
	_, err = s.OIDCRefreshToken(ctx, refreshHash("rt-new"))
	exists(t, "live refresh token", err, true)

	_, err = s.OIDCClient(ctx, "c1")
	exists(t, "client", err, true)
	_, err = s.OIDCConsent(ctx, "a", "c1")
	exists(t, "consent", err, true)
	wantKeys(t, s, "signing keys", signingKey("k1", "RS256", 0))
}
