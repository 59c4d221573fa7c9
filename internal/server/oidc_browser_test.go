package server

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestBrowserOIDCCodeFlow signs a user in to an app built on go-oidc
// through twofa's real pages in Chromium (password, emailed code,
// consent), then checks the ID token, userinfo, refresh, revocation and
// RP-initiated logout.
func TestBrowserOIDCCodeFlow(t *testing.T) {
	e := newOIDCEnv(t, coretest.New(t, nil))
	rp := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Grafana"})
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)

	b.do("open the app", chromedp.Navigate(rp.srv.URL+"/start"))
	b.logInWithMailedCode(alice)
	b.waitPage("consent")
	b.screenshot("oidc-consent")
	if got := b.text("h1"); got != "Allow Grafana to sign you in?" {
		t.Fatalf("consent page asks %q", got)
	}
	b.do("allow", chromedp.Click(chromedp.CSS(`button[value="allow"]`)))
	b.waitPage("rp-home")

	res := rp.result()
	if res.err != "" {
		t.Fatalf("the app's sign-in failed: %s", res.err)
	}
	c := res.claims(t)
	u, err := e.Store.UserByEmail(context.Background(), alice)
	if err != nil {
		t.Fatal(err)
	}
	if c.Sub != u.ID || c.Email != alice || c.Name == "" {
		t.Fatalf("claims = %+v, want sub %s and email %s", c, u.ID, alice)
	}
	for _, m := range []string{"pwd", "otp", "mfa"} {
		if !slices.Contains(c.AMR, m) {
			t.Errorf("amr = %v, want %s in it", c.AMR, m)
		}
	}
	if c.ACR != core.ACRMFA {
		t.Errorf("acr = %q, want %q", c.ACR, core.ACRMFA)
	}
	if !c.EmailVerified {
		t.Error("email_verified is false after a login with a mailed code")
	}

	ctx := context.Background()
	info, err := rp.provider.UserInfo(ctx, oauth2.StaticTokenSource(res.token))
	if err != nil {
		t.Fatalf("userinfo: %v", err)
	}
	if info.Subject != u.ID || info.Email != alice {
		t.Fatalf("userinfo = %+v", info)
	}

	// A second sign-in of the same app needs no consent: it goes straight
	// back to the app.
	b.do("open the app again", chromedp.Navigate(rp.srv.URL+"/start"))
	b.waitPage("rp-home")
	if r := rp.result(); r.err != "" {
		t.Fatalf("second sign-in: %s", r.err)
	}

	// The Security page lists the app under "Apps with access".
	b.do("open the Security page", chromedp.Navigate(e.srv.URL+"/account/security"))
	b.waitPage("security")
	b.do("wait for Apps with access", chromedp.WaitVisible(chromedp.ID("apps")))
	if got := b.text("#apps td.cell-title"); got != "Grafana" {
		t.Fatalf("Apps with access lists %q, want Grafana", got)
	}
	b.screenshot("security-apps")

	// Refresh: a new pair, and the old refresh token is used up.
	old := res.token.RefreshToken
	if old == "" {
		t.Fatal("no refresh token with offline_access")
	}
	stale := *res.token
	stale.Expiry = stale.Expiry.Add(-24 * 3600 * 1e9)
	fresh, err := rp.oauth.TokenSource(ctx, &stale).Token()
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if fresh.RefreshToken == "" || fresh.RefreshToken == old || fresh.AccessToken == res.token.AccessToken {
		t.Fatal("refresh did not rotate the tokens")
	}

	// Revocation (RFC 7009) of the new refresh token ends it.
	if r := e.send("/oidc/revoke", rp.client.ID, rp.secret, authBasic, url.Values{"token": {fresh.RefreshToken}, "token_type_hint": {"refresh_token"}}); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.raw)
	}
	stale = *fresh
	stale.Expiry = stale.Expiry.Add(-24 * 3600 * 1e9)
	if _, err := rp.oauth.TokenSource(ctx, &stale).Token(); err == nil {
		t.Fatal("a revoked refresh token still works")
	}

	// RP-initiated logout: twofa asks whether to sign out of it too, then
	// returns to the app's registered post-logout address with its state.
	b.do("log out of the app", chromedp.Navigate(rp.logoutURL(res, "s1")))
	b.waitPage("oidc_logout")
	b.do("sign out of twofa too", chromedp.Click(chromedp.CSS(`button[value="signout"]`)))
	b.waitPage("rp-bye")
	if got := b.text("body"); got != "bye s1" {
		t.Fatalf("the app's post-logout page says %q", got)
	}
	if _, err := rp.provider.UserInfo(ctx, oauth2.StaticTokenSource(res.token)); err == nil {
		t.Fatal("the app's access token still works after its logout")
	}
	b.do("the app needs a login again", chromedp.Navigate(rp.srv.URL+"/start"))
	b.waitPage("login")
	b.checkConsole()
}
