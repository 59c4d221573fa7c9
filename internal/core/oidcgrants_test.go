package core_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// appGrant walks one sign-in of a client for p's user through the core,
// as the provider does: request, continue (consenting when asked), code,
// redemption. It returns the redeemed request.
func (r *rig) appGrant(p *core.Principal, clientID string, code string) *core.OIDCAuthRequest {
	r.t.Helper()
	ctx := context.Background()
	req, err := r.Svc.StartOIDCRequest(ctx, &core.OIDCAuthRequest{
		ClientID: clientID, RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid", "email", "offline_access"},
		ResponseType: "code", MaxAge: -1, CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", CodeChallengeMethod: "S256",
	})
	if err != nil {
		r.t.Fatal(err)
	}
	step, err := r.Svc.ContinueOIDC(ctx, req.ID, p)
	if err != nil {
		r.t.Fatal(err)
	}
	if step.Kind == core.OIDCNeedConsent {
		if step, err = r.Svc.ConsentOIDC(ctx, req.ID, p, true, r.meta); err != nil {
			r.t.Fatal(err)
		}
	}
	if step.Kind != core.OIDCDone {
		r.t.Fatalf("sign-in step %v, want done", step.Kind)
	}
	if err := r.Svc.SaveOIDCCode(ctx, req.ID, code); err != nil {
		r.t.Fatal(err)
	}
	got, err := r.Svc.RedeemOIDCCode(ctx, code)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func (r *rig) appClient() *core.OIDCClient {
	r.t.Helper()
	c, _, err := r.Svc.AddOIDCClient(context.Background(), core.OIDCClientSpec{Name: "App", RedirectURIs: []string{"https://app.example.com/cb"}})
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

// liveAccess reports whether the access token still works.
func (r *rig) liveAccess(id string) bool {
	_, err := r.Svc.OIDCAccessToken(context.Background(), id)
	return err == nil
}

// TestCodeReusedAfterRedemption: the redeemer of a code stores its tokens
// only after a second presentation has marked the code reused (the order
// two simultaneous presentations can take on two instances); the
// redemption succeeds, but its tokens are revoked all the same, and the
// second presentation is refused.
func TestCodeReusedAfterRedemption(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.signUp("reuse@example.com")
	p := r.session("reuse@example.com")
	c := r.appClient()
	req := r.appGrant(p, c.ID, "code-1")

	if _, err := r.Svc.RedeemOIDCCode(ctx, "code-1"); grantCode(err) != core.OAuthInvalidGrant {
		t.Fatalf("second redemption: %v, want invalid_grant", err)
	}
	at, refresh, err := r.Svc.IssueOIDCTokens(ctx, req.GrantOf(), "")
	if err != nil {
		t.Fatal(err)
	}
	if r.liveAccess(at.ID) {
		t.Error("an access token of a reused code works")
	}
	if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); err == nil {
		t.Error("a refresh token of a reused code works")
	}
	only, err := r.Svc.IssueOIDCAccessToken(ctx, req.GrantOf())
	if err != nil {
		t.Fatal(err)
	}
	if r.liveAccess(only.ID) {
		t.Error("an access token (without refresh) of a reused code works")
	}
}

// TestCodeReusedRevokesIssuedTokens: a code presented again after its
// tokens were issued revokes them.
func TestCodeReusedRevokesIssuedTokens(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.signUp("reuse2@example.com")
	p := r.session("reuse2@example.com")
	c := r.appClient()
	req := r.appGrant(p, c.ID, "code-2")
	at, refresh, err := r.Svc.IssueOIDCTokens(ctx, req.GrantOf(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !r.liveAccess(at.ID) {
		t.Fatal("a fresh access token does not work")
	}
	if _, err := r.Svc.RedeemOIDCCode(ctx, "code-2"); grantCode(err) != core.OAuthInvalidGrant {
		t.Fatalf("second redemption: %v", err)
	}
	if r.liveAccess(at.ID) {
		t.Error("the access token survived the reuse of its code")
	}
	if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); err == nil {
		t.Error("the refresh token survived the reuse of its code")
	}
}

// TestRefreshReuseRevokesGrant: a refresh token used twice revokes every
// token of the grant, the rotated one included.
func TestRefreshReuseRevokesGrant(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.signUp("refresh@example.com")
	p := r.session("refresh@example.com")
	req := r.appGrant(p, r.appClient().ID, "code-3")
	_, r1, err := r.Svc.IssueOIDCTokens(ctx, req.GrantOf(), "")
	if err != nil {
		t.Fatal(err)
	}
	t1, err := r.Svc.OIDCRefreshToken(ctx, r1)
	if err != nil {
		t.Fatal(err)
	}
	at2, r2, err := r.Svc.IssueOIDCTokens(ctx, t1.GrantOf(), r1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.OIDCRefreshToken(ctx, r1); grantCode(err) != core.OAuthInvalidGrant {
		t.Fatalf("reused refresh token: %v", err)
	}
	if _, err := r.Svc.OIDCRefreshToken(ctx, r2); err == nil {
		t.Error("the rotated refresh token survived the reuse of its predecessor")
	}
	if r.liveAccess(at2.ID) {
		t.Error("the rotated access token survived the reuse")
	}
}

// TestSignOutAppsWithOtherSessions: ending the other sessions, or changing
// the password, also revokes what apps hold, keeping their consent.
func TestSignOutAppsWithOtherSessions(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for _, change := range []string{"end-others", "password"} {
		email := change + "@example.com"
		r.signUp(email)
		p := r.session(email)
		req := r.appGrant(p, r.appClient().ID, "code-"+change)
		at, refresh, err := r.Svc.IssueOIDCTokens(ctx, req.GrantOf(), "")
		if err != nil {
			t.Fatal(err)
		}
		switch change {
		case "end-others":
			err = r.Svc.EndOtherSessions(ctx, p, r.meta)
		case "password":
			err = r.Svc.ChangePassword(ctx, p, pw, pw+" two", r.proof(p), r.meta)
		}
		if err != nil {
			t.Fatalf("%s: %v", change, err)
		}
		if r.liveAccess(at.ID) {
			t.Errorf("%s: the app's access token still works", change)
		}
		if _, err := r.Svc.OIDCRefreshToken(ctx, refresh); err == nil {
			t.Errorf("%s: the app's refresh token still works", change)
		}
		if apps, _ := r.Svc.OIDCApps(ctx, p); len(apps) != 1 {
			t.Errorf("%s: apps = %v, want the consent kept", change, apps)
		}
	}
}

// TestOIDCLoginRules: prompt, max_age and the second factor an app needs.
func TestOIDCLoginRules(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	r.signUp("rules@example.com")
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: "rules@example.com", Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("password login: %v", err)
	}
	p, err := r.Svc.Authenticate(ctx, res.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	plain := r.appClient()
	strict, _, err := r.Svc.AddOIDCClient(ctx, core.OIDCClientSpec{Name: "Strict", RedirectURIs: []string{"https://app.example.com/cb"}, Require2FA: true})
	if err != nil {
		t.Fatal(err)
	}
	start := func(clientID string, prompt []string, maxAge int, acr ...string) string {
		t.Helper()
		req, err := r.Svc.StartOIDCRequest(ctx, &core.OIDCAuthRequest{ClientID: clientID, RedirectURI: "https://app.example.com/cb",
			Scopes: []string{"openid"}, ResponseType: "code", Prompt: prompt, MaxAge: maxAge, ACRValues: acr})
		if err != nil {
			t.Fatal(err)
		}
		return req.ID
	}
	step := func(id string, who *core.Principal) *core.OIDCStep {
		t.Helper()
		s, err := r.Svc.ContinueOIDC(ctx, id, who)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	refused := func(s *core.OIDCStep, code string) {
		t.Helper()
		if s.Kind != core.OIDCRefused || s.Err.OAuthCode != code {
			t.Fatalf("step = %v %v, want refused with %s", s.Kind, s.Err, code)
		}
	}
	refused(step(start(plain.ID, []string{"none"}, -1), nil), core.OAuthLoginRequired)
	if s := step(start(plain.ID, nil, -1), nil); s.Kind != core.OIDCNeedLogin {
		t.Fatalf("no session: %v", s.Kind)
	}
	refused(step(start(plain.ID, []string{"none"}, -1), p), core.OAuthConsentRequired)
	if s := step(start(plain.ID, nil, -1), p); s.Kind != core.OIDCNeedConsent {
		t.Fatalf("first sign-in: %v", s.Kind)
	}
	id := start(plain.ID, nil, -1)
	if s, err := r.Svc.ConsentOIDC(ctx, id, p, true, r.meta); err != nil || s.Kind != core.OIDCDone {
		t.Fatalf("consent: %v %v", s, err)
	}
	done, _, err := r.Svc.OIDCRequest(ctx, id)
	if err != nil || !slices.Equal(done.AMR, []string{"pwd"}) || done.ACR() != "" {
		t.Fatalf("password-only sign-in: amr %v acr %q (%v)", done.AMR, done.ACR(), err)
	}
	if s := step(start(plain.ID, []string{"none"}, -1), p); s.Kind != core.OIDCDone {
		t.Fatalf("prompt=none after consent: %v", s.Kind)
	}
	if s := step(start(plain.ID, []string{"consent"}, -1), p); s.Kind != core.OIDCNeedConsent {
		t.Fatalf("prompt=consent: %v", s.Kind)
	}
	// The session began before these requests: prompt=login and an
	// exceeded max_age need a new login.
	r.Clock.Advance(time.Minute)
	if s := step(start(plain.ID, []string{"login"}, -1), p); s.Kind != core.OIDCNeedLogin {
		t.Fatalf("prompt=login: %v", s.Kind)
	}
	if s := step(start(plain.ID, nil, 30), p); s.Kind != core.OIDCNeedLogin {
		t.Fatalf("max_age=30 a minute after login: %v", s.Kind)
	}
	if s := step(start(plain.ID, nil, 3600), p); s.Kind != core.OIDCDone {
		t.Fatalf("max_age=3600: %v", s.Kind)
	}
	refused(step(start(plain.ID, []string{"none"}, 30), p), core.OAuthLoginRequired)
	// A login made after the request began satisfies prompt=login and
	// max_age=0 (what the op package makes of prompt=login), however long
	// the browser takes to come back.
	for _, tc := range []struct {
		prompt []string
		maxAge int
	}{{[]string{"login"}, 0}, {nil, 0}} {
		id := start(plain.ID, tc.prompt, tc.maxAge)
		r.Clock.Advance(time.Second)
		res, err := r.Svc.Login(ctx, core.LoginInput{Email: "rules@example.com", Password: pw}, r.meta)
		if err != nil || res.Session == nil {
			t.Fatalf("login again: %v", err)
		}
		again, err := r.Svc.Authenticate(ctx, res.Session.Token)
		if err != nil {
			t.Fatal(err)
		}
		r.Clock.Advance(2 * time.Second)
		if s := step(id, again); s.Kind != core.OIDCDone {
			t.Fatalf("prompt %v max_age %d after a new login: %v, want done", tc.prompt, tc.maxAge, s.Kind)
		}
	}
	// A second factor the account does not have: enrol first.
	if s := step(start(strict.ID, nil, -1), p); s.Kind != core.OIDCNeedEnrol {
		t.Fatalf("require-2FA client, account without 2FA: %v", s.Kind)
	}
	if s := step(start(plain.ID, nil, -1, core.ACRMFA), p); s.Kind != core.OIDCNeedEnrol {
		t.Fatalf("acr_values=mfa, account without 2FA: %v", s.Kind)
	}
	refused(step(start(strict.ID, []string{"none"}, -1), p), core.OAuthInteractionRequired)
}

// TestOIDCPKCERules: a public client must send an S256 challenge; plain
// is refused for everyone.
func TestOIDCPKCERules(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	pub, _, err := r.Svc.AddOIDCClient(ctx, core.OIDCClientSpec{Name: "SPA", RedirectURIs: []string{"https://app.example.com/cb"}, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	conf := r.appClient()
	for _, tc := range []struct {
		client, challenge, method string
		ok                        bool
	}{
		{pub.ID, "", "", false},
		{pub.ID, "abc", "plain", false},
		{pub.ID, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", true},
		{conf.ID, "", "", true},
		{conf.ID, "abc", "plain", false},
	} {
		_, err := r.Svc.StartOIDCRequest(ctx, &core.OIDCAuthRequest{ClientID: tc.client, RedirectURI: "https://app.example.com/cb",
			Scopes: []string{"openid"}, ResponseType: "code", MaxAge: -1, CodeChallenge: tc.challenge, CodeChallengeMethod: tc.method})
		if (err == nil) != tc.ok {
			t.Errorf("client %s challenge %q %q: err %v, want ok %v", tc.client, tc.challenge, tc.method, err, tc.ok)
		}
	}
}

// TestSigningKeyRotation: a rotation makes new keys sign; the old ones stay
// published until no token they signed can be valid, then Cleanup deletes
// them.
func TestSigningKeyRotation(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if err := r.Svc.EnsureOIDCSigningKeys(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := r.Svc.OIDCKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Published) != 2 || before.Signing.Algorithm != core.AlgRS256 {
		t.Fatalf("first keys: %+v", before)
	}
	if _, err := r.Svc.RotateOIDCSigningKeys(ctx); err != nil {
		t.Fatal(err)
	}
	r.Clock.Advance(31 * time.Second) // the new key signs once every instance publishes it
	after, err := r.Svc.OIDCKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Signing.ID == before.Signing.ID || len(after.Published) != 4 {
		t.Fatalf("after rotation: signing %s (was %s), %d published", after.Signing.ID, before.Signing.ID, len(after.Published))
	}
	r.Clock.Advance(r.Svc.Config().OIDCIDTokenTTL + 6*time.Minute)
	later, err := r.Svc.OIDCKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(later.Published) != 2 || later.Signing.ID != after.Signing.ID {
		t.Fatalf("after the retention: %d published, signing %s", len(later.Published), later.Signing.ID)
	}
	if _, err := r.Svc.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	stored, err := r.Store.OIDCSigningKeys(ctx)
	if err != nil || len(stored) != 2 {
		t.Fatalf("stored keys after Cleanup: %d (%v), want 2", len(stored), err)
	}
}

func grantCode(err error) string {
	if g, ok := core.AsGrantError(err); ok {
		return g.OAuthCode
	}
	return ""
}
