package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
)

// The protocol tests drive twofa's provider as apps and attackers do,
// through its real endpoints and pages, without a browser (see
// oidcBrowser). Each checks one protection and fails without it.

const oidcUser = "user@example.com"

// oidcSetup is a twofa with the provider on SQLite (configured by
// configure), an app registered as spec, and a browser of a signed-up
// user who has not logged in yet.
func oidcSetup(t *testing.T, spec core.OIDCClientSpec, configure ...func(*core.Config)) (*env, *relyingParty, *oidcBrowser) {
	t.Helper()
	e := newOIDCEnv(t, coretest.New(t, nil, configure...))
	if spec.Name == "" {
		spec.Name = "Wiki"
	}
	rp := newRelyingParty(t, e, spec)
	e.signUp(oidcUser)
	return e, rp, e.oidcBrowser(oidcUser)
}

// noEmail2FA makes accounts sign up without email codes: password-only
// accounts, without any second factor.
func noEmail2FA(c *core.Config) { c.Email2FADefault = false }

// TestOIDCRedirectURIMustBeRegistered: an authorization request whose
// redirect_uri differs in anything from a registered one is answered by
// twofa itself with 400, never sent there; so is a logout request whose
// post_logout_redirect_uri is not registered.
func TestOIDCRedirectURIMustBeRegistered(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	reg, err := url.Parse(rp.oauth.RedirectURL)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(reg.Port())
	for _, bad := range []string{
		"http://" + reg.Host + "/other",
		"http://" + reg.Hostname() + ":" + strconv.Itoa(port+1) + reg.Path,
		rp.oauth.RedirectURL + "/",
		"http://" + reg.Host + strings.ToUpper(reg.Path),
		"http://localhost:" + reg.Port() + reg.Path,
		"https://evil.example" + reg.Path,
	} {
		cfg := rp.oauth
		cfg.RedirectURL = bad
		p := b.open(cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if p.status != http.StatusBadRequest || p.header.Get("Location") != "" {
			t.Errorf("redirect_uri %s: got %d to %q, want 400 from twofa", bad, p.status, p.header.Get("Location"))
		}
	}

	// A public (native) app's loopback URI on another port: the protocol
	// library would let it through (RFC 8252), twofa matches exactly.
	pub := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Desktop", Public: true})
	preg, err := url.Parse(pub.oauth.RedirectURL)
	if err != nil {
		t.Fatal(err)
	}
	pport, _ := strconv.Atoi(preg.Port())
	cfg := pub.oauth
	cfg.RedirectURL = "http://" + preg.Hostname() + ":" + strconv.Itoa(pport+1) + preg.Path
	if p := b.open(cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))); p.status != http.StatusBadRequest || p.header.Get("Location") != "" {
		t.Errorf("public app's loopback redirect_uri on another port: got %d to %q, want 400 from twofa", p.status, p.header.Get("Location"))
	}

	// Logout: only a registered post_logout_redirect_uri is followed.
	res := rp.signedIn(b)
	for _, bad := range []string{"https://evil.example/bye", rp.srv.URL + "/bye/", rp.srv.URL + "/callback"} {
		q := url.Values{"id_token_hint": {res.rawID}, "post_logout_redirect_uri": {bad}, "state": {"s"}}
		p := b.get("/oidc/end_session?" + q.Encode())
		if p.status != http.StatusBadRequest || strings.Contains(p.header.Get("Location"), bad) || strings.Contains(p.body, bad) {
			t.Errorf("post_logout_redirect_uri %s: got %d at %s (Location %q), want 400", bad, p.status, p.url, p.header.Get("Location"))
		}
	}
	e.expectWorks(res.token.AccessToken)
}

// TestOIDCCodeReuseRevokesTokens: a code redeemed a second time is
// refused, and the tokens issued for its first redemption stop working.
func TestOIDCCodeReuseRevokesTokens(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	code := b.code(rp.authURL())
	access, refresh := rp.redeem(code, rp.verifierNow()).tokens(t)
	e.expectWorks(access)
	expectGrantError(t, rp.redeem(code, rp.verifierNow()), core.OAuthInvalidGrant)
	e.expectDead(access)
	expectGrantError(t, rp.refresh(refresh), core.OAuthInvalidGrant)
}

// redeemRace presents one code to the token endpoints of envs (in turn)
// from n goroutines at once and fails unless exactly one gets tokens, and
// unless those tokens are dead afterwards: the other presentations were
// reuses of the code, which revoke what it gave, however they interleave.
func redeemRace(t *testing.T, rp *relyingParty, code string, n int, envs ...*env) {
	t.Helper()
	verifier := rp.verifierNow()
	var mu sync.Mutex
	var won []string
	if ok := concurrently(n, func(i int) endpointReply {
		r := rp.redeemAt(envs[i%len(envs)], authBasic, code, verifier)
		if r.status == http.StatusOK {
			mu.Lock()
			won = append(won, r.str("access_token"))
			mu.Unlock()
		}
		return r
	}); ok != 1 {
		t.Fatalf("%d of %d concurrent redemptions of one code got tokens, want 1", ok, n)
	}
	for _, e := range envs {
		e.expectDead(won[0])
	}
}

// TestOIDCCodeRedeemedOnceConcurrently: of 16 concurrent redemptions of
// one code, exactly one gets tokens.
func TestOIDCCodeRedeemedOnceConcurrently(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	redeemRace(t, rp, b.code(rp.authURL()), 16, e)
}

// TestOIDCCodeRedeemedOnceAcrossInstances: two instances of twofa on one
// PostgreSQL database hand out tokens for one code exactly once.
func TestOIDCCodeRedeemedOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	rig := coretest.NewPostgres(t, nil)
	e := newOIDCEnv(t, rig)
	twin := newOIDCTwin(t, e, rig.Twin(t))
	rp := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Wiki"})
	e.signUp(oidcUser)
	b := e.oidcBrowser(oidcUser)
	redeemRace(t, rp, b.code(rp.authURL()), 16, e, twin)

	// The other instance knows the code as used, too.
	code := b.code(rp.authURL())
	access, _ := rp.redeem(code, rp.verifierNow()).tokens(t)
	twin.expectWorks(access)
	expectGrantError(t, rp.redeemAt(twin, authBasic, code, rp.verifierNow()), core.OAuthInvalidGrant)
	e.expectDead(access)
}

// TestOIDCPKCE: a public client must send an S256 challenge; plain is
// refused; a wrong verifier is refused and uses the code up; a
// confidential client may leave PKCE out, but a challenge it sent must be
// answered.
func TestOIDCPKCE(t *testing.T) {
	t.Parallel()
	e, conf, b := oidcSetup(t, core.OIDCClientSpec{})
	pub := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Phone", Public: true})
	b.logIn()

	expectAppError(t, b.signIn(pub.authURLNoPKCE()), core.OAuthInvalidRequest)
	plain := oauth2.GenerateVerifier()
	expectAppError(t, b.signIn(pub.authURLNoPKCE(
		oauth2.SetAuthURLParam("code_challenge", plain), oauth2.SetAuthURLParam("code_challenge_method", "plain"))), core.OAuthInvalidRequest)

	code := b.code(pub.authURL())
	expectGrantError(t, pub.redeem(code, oauth2.GenerateVerifier()), core.OAuthInvalidGrant)
	expectGrantError(t, pub.redeem(code, pub.verifierNow()), core.OAuthInvalidGrant)
	code = b.code(pub.authURL())
	if r := pub.redeem(code, ""); r.status == http.StatusOK {
		t.Fatalf("a public client's code was redeemed without its verifier: %s", r.raw)
	}
	pub.redeem(b.code(pub.authURL()), pub.verifierNow()).tokens(t)

	conf.redeem(b.code(conf.authURLNoPKCE()), "").tokens(t)
	code = b.code(conf.authURL())
	if r := conf.redeem(code, ""); r.status == http.StatusOK {
		t.Fatalf("a challenge was not asked to be answered: %s", r.raw)
	}
	code = b.code(conf.authURL())
	expectGrantError(t, conf.redeem(code, oauth2.GenerateVerifier()), core.OAuthInvalidGrant)
}

// TestOIDCRefreshTokenReuse: a refresh token used twice revokes every
// token of its sign-in, the one it was rotated into too; of 8 concurrent
// uses of one, exactly one gets tokens.
func TestOIDCRefreshTokenReuse(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	res := rp.signedIn(b)
	r1 := res.token.RefreshToken
	a2, r2 := rp.refresh(r1).tokens(t)
	if r2 == "" || r2 == r1 {
		t.Fatalf("refresh did not rotate: %q", r2)
	}
	e.expectWorks(a2)
	expectGrantError(t, rp.refresh(r1), core.OAuthInvalidGrant)
	e.expectDead(a2)
	e.expectDead(res.token.AccessToken)
	expectGrantError(t, rp.refresh(r2), core.OAuthInvalidGrant)

	// Of concurrent uses exactly one gets tokens, and they are dead: the
	// others were reuses, which revoke the sign-in after the winner's
	// tokens are stored.
	res = rp.signedIn(b)
	var mu sync.Mutex
	var won []string
	if ok := concurrently(8, func(int) endpointReply {
		r := rp.refresh(res.token.RefreshToken)
		if r.status == http.StatusOK {
			mu.Lock()
			won = append(won, r.str("access_token"))
			mu.Unlock()
		}
		return r
	}); ok != 1 {
		t.Fatalf("%d of 8 concurrent uses of one refresh token got tokens, want 1", ok)
	}
	e.expectDead(won[0])
}

// TestOIDCTokensStayWithTheirClient: another client can neither refresh,
// introspect, revoke nor redeem what was issued to an app.
func TestOIDCTokensStayWithTheirClient(t *testing.T) {
	t.Parallel()
	e, a, b := oidcSetup(t, core.OIDCClientSpec{})
	other := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Other"})
	res := a.signedIn(b)
	access, refresh := res.token.AccessToken, res.token.RefreshToken

	expectGrantError(t, other.refresh(refresh), core.OAuthInvalidGrant)
	if r := other.introspect(access); r.status != http.StatusOK || r.body["active"] != false {
		t.Fatalf("another client's introspection: %d %s, want active false", r.status, r.raw)
	}
	if r := a.introspect(access); r.body["active"] != true {
		t.Fatalf("the app's own introspection: %d %s, want active true", r.status, r.raw)
	}
	other.revoke(access)
	other.revoke(refresh)
	e.expectWorks(access)
	access, refresh = a.refresh(refresh).tokens(t)
	e.expectWorks(access)

	code := b.code(a.authURL())
	if r := other.redeemAt(e, authBasic, code, a.verifierNow()); r.status == http.StatusOK {
		t.Fatalf("another client redeemed the app's code: %s", r.raw)
	}
	a.refresh(refresh).tokens(t)
}

// TestOIDCClientAuthentication: a confidential client authenticates with
// client_secret_basic or client_secret_post; a wrong or missing secret is
// 401 invalid_client.
func TestOIDCClientAuthentication(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	b.logIn()
	for _, how := range []clientAuth{authBasic, authPost} {
		rp.redeemAt(e, how, b.code(rp.authURL()), rp.verifierNow()).tokens(t)
	}
	for _, c := range []struct {
		name   string
		how    clientAuth
		secret string
	}{
		{"wrong secret, basic", authBasic, "wrong"},
		{"wrong secret, post", authPost, "wrong"},
		{"no secret", authNone, ""},
		{"empty secret, basic", authBasic, ""},
	} {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {b.code(rp.authURL())},
			"redirect_uri": {rp.oauth.RedirectURL}, "code_verifier": {rp.verifierNow()}}
		r := e.send("/oidc/token", rp.client.ID, c.secret, c.how, form)
		if r.status != http.StatusUnauthorized || r.str("error") != "invalid_client" {
			t.Errorf("%s: got %d %s, want 401 invalid_client", c.name, r.status, r.raw)
		}
	}
}

// promptNone asks for a sign-in without any page (prompt=none).
var promptNone = oauth2.SetAuthURLParam("prompt", "none")

// TestOIDCPromptAndMaxAge: prompt=none answers at once (login_required,
// consent_required, or a code); prompt=login and an exceeded max_age
// show the login form to a signed-in browser and end with a new
// auth_time.
func TestOIDCPromptAndMaxAge(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	expectAppError(t, b.signIn(rp.authURL(promptNone)), core.OAuthLoginRequired)
	b.logIn()
	expectAppError(t, b.signIn(rp.authURL(promptNone)), core.OAuthConsentRequired)
	first := rp.signedIn(b)
	if !b.saw("consent") || b.saw("login") {
		t.Fatalf("first sign-in of a signed-in user went through %v, want consent only", b.seen)
	}
	rp.signedIn(b, promptNone)
	if len(b.seen) != 0 {
		t.Fatalf("prompt=none showed %v", b.seen)
	}

	// relogin walks from the app's request with opts to the login form,
	// which a signed-in browser is shown again, and signs in from there.
	relogin := func(opts ...oauth2.AuthCodeOption) idClaims {
		t.Helper()
		p := b.open(rp.authURL(opts...))
		if pageName(p) != "login" || p.status != http.StatusOK || p.url.Query().Get("relogin") != "1" {
			t.Fatalf("a signed-in browser got %d at %s, want the login form again", p.status, p.url)
		}
		q, _ := b.walk(p)
		res := rp.finish(t.Context(), q)
		if res.err != "" {
			t.Fatalf("sign-in after a new login: %s", res.err)
		}
		return res.claims(t)
	}
	e.Clock.Advance(5 * time.Second)
	again := relogin(oauth2.SetAuthURLParam("prompt", "login"))
	if again.AuthTime <= first.claims(t).AuthTime {
		t.Fatalf("auth_time %d after prompt=login, was %d", again.AuthTime, first.claims(t).AuthTime)
	}

	maxAge := oauth2.SetAuthURLParam("max_age", "1")
	rp.signedIn(b, maxAge)
	if len(b.seen) != 0 {
		t.Fatalf("max_age=1 with a fresh login showed %v", b.seen)
	}
	e.Clock.Advance(2 * time.Second)
	if late := relogin(maxAge); late.AuthTime <= again.AuthTime {
		t.Fatalf("auth_time %d after max_age, was %d", late.AuthTime, again.AuthTime)
	}
}

// TestOIDCRequire2FA: an app registered with Require2FA, or a request
// with acr_values=mfa, sends an account without a second factor to the
// Security page, which names the app (prompt=none: interaction_required);
// once the account has one and logs in with it, the ID token says so.
func TestOIDCRequire2FA(t *testing.T) {
	t.Parallel()
	e, strict, b := oidcSetup(t, core.OIDCClientSpec{Name: "Vault", Require2FA: true}, noEmail2FA)
	lax := newRelyingParty(t, e, core.OIDCClientSpec{Name: "Blog"})
	mfa := oauth2.SetAuthURLParam("acr_values", core.ACRMFA)
	cases := []struct {
		rp   *relyingParty
		opts []oauth2.AuthCodeOption
	}{{strict, nil}, {lax, []oauth2.AuthCodeOption{mfa}}}
	for _, c := range cases {
		q, p := b.walk(b.open(c.rp.authURL(c.opts...)))
		if q != nil || p.url.Path != "/account/security" || p.url.Query().Get("app") == "" ||
			!strings.Contains(p.body, "<strong>"+c.rp.client.Name+"</strong> needs two-factor authentication") {
			t.Fatalf("%s: the app got %v; page %s:\n%s", c.rp.client.Name, q, p.url, p.body)
		}
		expectAppError(t, b.signIn(c.rp.authURL(append(c.opts, promptNone)...)), core.OAuthInteractionRequired)
	}
	if c := lax.signedIn(b).claims(t); c.ACR != "" || slices.Contains(c.AMR, "mfa") {
		t.Fatalf("a password-only login has acr %q and amr %v", c.ACR, c.AMR)
	}

	e.expect(e.call("POST", "/api/v1/me/2fa/email/enable", b.cookie(sessionCookie), nil), 200, "")
	for i, c := range cases {
		res := c.rp.signedIn(b, c.opts...)
		if got := res.claims(t); got.ACR != core.ACRMFA || !slices.Contains(got.AMR, "mfa") {
			t.Fatalf("%s: acr %q and amr %v after a login with a second factor", c.rp.client.Name, got.ACR, got.AMR)
		}
		if i == 0 && !b.saw("login_2fa") {
			t.Fatalf("the session without a second factor was not asked for one: %v", b.seen)
		}
	}
}

// TestOIDCConsentOncePerScopes: consent is asked once per app and set of
// scopes; the app is listed under the apps with access, and taking its
// access away (API or Security page) revokes its tokens and asks consent
// again.
func TestOIDCConsentOncePerScopes(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	all := rp.oauth.Scopes
	expectConsent := func(want bool) rpResult {
		t.Helper()
		res := rp.signedIn(b)
		if b.saw("consent") != want {
			t.Fatalf("scopes %v: the sign-in went through %v, consent wanted: %v", rp.oauth.Scopes, b.seen, want)
		}
		return res
	}
	rp.oauth.Scopes = []string{"openid", "email"}
	expectConsent(true)
	expectConsent(false)
	rp.oauth.Scopes = all
	expectConsent(true)
	res := expectConsent(false)

	token := b.cookie(sessionCookie)
	apps, _ := e.expect(e.call("GET", "/api/v1/me/apps", token, nil), 200, "").body["apps"].([]any)
	app, _ := apps[0].(map[string]any)
	if len(apps) != 1 || app["clientId"] != rp.client.ID || app["name"] != "Wiki" {
		t.Fatalf("apps with access: %v", apps)
	}
	if used, err := time.Parse(time.RFC3339Nano, fmt.Sprint(app["lastUsed"])); err != nil || used.Before(e.Clock.Now().Add(-time.Second)) {
		t.Fatalf("lastUsed %v, want about %v", app["lastUsed"], e.Clock.Now())
	}

	revokes := []func(){
		func() {
			e.expect(e.call("DELETE", "/api/v1/me/apps/"+url.PathEscape(rp.client.ID), token, nil), 204, "")
		},
		func() {
			p := b.post("/account/security/apps/revoke", url.Values{"clientId": {rp.client.ID}})
			b.expectPage(p, 200, "/account/security")
		},
	}
	for _, revoke := range revokes {
		revoke()
		expectGrantError(t, rp.refresh(res.token.RefreshToken), core.OAuthInvalidGrant)
		e.expectDead(res.token.AccessToken)
		res = expectConsent(true)
	}
	e.expect(e.call("DELETE", "/api/v1/me/apps/no-such-app", token, nil), 404, core.CodeNotFound)
}

// TestOIDCEmailVerified: email_verified is false for an address no mailed
// code has proven, true once one has.
func TestOIDCEmailVerified(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{}, noEmail2FA)
	res := rp.signedIn(b)
	if res.claims(t).EmailVerified {
		t.Fatal("email_verified is true for an address never proven")
	}
	if r := e.userinfo(res.token.AccessToken); r.body["email_verified"] == true || r.str("email") != oidcUser {
		t.Fatalf("userinfo: %s", r.raw)
	}
	e.expect(e.call("POST", "/api/v1/me/2fa/email/enable", b.cookie(sessionCookie), nil), 200, "")
	e.Clock.Advance(time.Second)
	res = rp.signedIn(b, oauth2.SetAuthURLParam("prompt", "login"))
	if !b.saw("login_2fa") || !res.claims(t).EmailVerified {
		t.Fatalf("after a login with a mailed code (%v), email_verified is false", b.seen)
	}
	if r := e.userinfo(res.token.AccessToken); r.body["email_verified"] != true {
		t.Fatalf("userinfo: %s", r.raw)
	}
}

// kidOf returns the key id and algorithm in a JWT's header.
func kidOf(t *testing.T, jwt string) (kid, alg string) {
	t.Helper()
	head, _, _ := strings.Cut(jwt, ".")
	raw, err := base64.RawURLEncoding.DecodeString(head)
	var h struct{ Kid, Alg string }
	if err == nil {
		err = json.Unmarshal(raw, &h)
	}
	if err != nil {
		t.Fatalf("JWT header %q: %v", head, err)
	}
	return h.Kid, h.Alg
}

// publishedKids lists the key ids of the provider's JWKS.
func (e *env) publishedKids() []string {
	e.t.Helper()
	resp, err := http.Get(e.srv.URL + "/oidc/keys")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct{ Keys []struct{ Kid string } }
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		e.t.Fatal(err)
	}
	var kids []string
	for _, k := range set.Keys {
		kids = append(kids, k.Kid)
	}
	return kids
}

// TestOIDCSigningKeyRotation: 30 s after a rotation ID tokens name the
// new key; the old one stays in the JWKS until no token it signed is
// valid.
func TestOIDCSigningKeyRotation(t *testing.T) {
	t.Parallel()
	e, rp, b := oidcSetup(t, core.OIDCClientSpec{})
	old, alg := kidOf(t, rp.signedIn(b).rawID)
	if alg != core.AlgRS256 {
		t.Fatalf("ID token signed with %s, want RS256 by default", alg)
	}
	if _, err := e.Svc.RotateOIDCSigningKeys(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Until every instance has read the new key (30 s), the old one signs.
	if kid, _ := kidOf(t, rp.signedIn(b).rawID); kid != old {
		t.Fatalf("an ID token right after the rotation names %s, want the old key %s", kid, old)
	}
	e.Clock.Advance(31 * time.Second)
	fresh, _ := kidOf(t, rp.signedIn(b).rawID)
	if fresh == old {
		t.Fatal("an ID token 31 s after the rotation names the old key")
	}
	if kids := e.publishedKids(); !slices.Contains(kids, old) || !slices.Contains(kids, fresh) {
		t.Fatalf("JWKS %v, want %s and %s", kids, old, fresh)
	}
	e.Clock.Advance(e.Svc.Config().OIDCIDTokenTTL + 5*time.Minute - 31*time.Second - time.Second)
	if kids := e.publishedKids(); !slices.Contains(kids, old) {
		t.Fatalf("JWKS %v dropped %s while its tokens may be valid", kids, old)
	}
	// An instance reads the keys again at most 30 s after it read them.
	e.Clock.Advance(31 * time.Second)
	if kids := e.publishedKids(); slices.Contains(kids, old) || !slices.Contains(kids, fresh) {
		t.Fatalf("JWKS %v after the retention, want %s without %s", kids, fresh, old)
	}
}

// TestOIDCSigningES256: with OIDCSigningAlg ES256, ID tokens are ES256
// and verify with go-oidc.
func TestOIDCSigningES256(t *testing.T) {
	t.Parallel()
	_, rp, b := oidcSetup(t, core.OIDCClientSpec{}, func(c *core.Config) { c.OIDCSigningAlg = core.AlgES256 })
	rp.verifier = rp.provider.Verifier(&gooidc.Config{ClientID: rp.client.ID, SupportedSigningAlgs: []string{gooidc.ES256}})
	if _, alg := kidOf(t, rp.signedIn(b).rawID); alg != core.AlgES256 {
		t.Fatalf("ID token signed with %s", alg)
	}
}

// TestOIDCDiscovery: the discovery document names the issuer and offers
// only what twofa does: the code flow, S256, secret by Basic or form.
func TestOIDCDiscovery(t *testing.T) {
	t.Parallel()
	e := newOIDCEnv(t, coretest.New(t, nil))
	var d struct {
		Issuer        string   `json:"issuer"`
		PKCE          []string `json:"code_challenge_methods_supported"`
		AuthMethods   []string `json:"token_endpoint_auth_methods_supported"`
		ResponseTypes []string `json:"response_types_supported"`
		EndSession    string   `json:"end_session_endpoint"`
		Revocation    string   `json:"revocation_endpoint"`
		Introspection string   `json:"introspection_endpoint"`
	}
	resp, err := http.Get(e.srv.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	// "none" is there too, for public clients (which must use PKCE).
	d.AuthMethods = slices.DeleteFunc(d.AuthMethods, func(m string) bool { return m == "none" })
	slices.Sort(d.AuthMethods)
	switch {
	case d.Issuer != e.srv.URL:
		t.Errorf("issuer %q, want %q", d.Issuer, e.srv.URL)
	case !slices.Equal(d.PKCE, []string{"S256"}):
		t.Errorf("code_challenge_methods_supported %v", d.PKCE)
	case !slices.Equal(d.AuthMethods, []string{"client_secret_basic", "client_secret_post"}):
		t.Errorf("token_endpoint_auth_methods_supported %v", d.AuthMethods)
	case !slices.Equal(d.ResponseTypes, []string{"code"}):
		t.Errorf("response_types_supported %v", d.ResponseTypes)
	}
	for name, u := range map[string]string{"end_session": d.EndSession, "revocation": d.Revocation, "introspection": d.Introspection} {
		if !strings.HasPrefix(u, e.srv.URL+"/oidc/") {
			t.Errorf("%s endpoint %q", name, u)
		}
	}
}

// TestOIDCCodeStaysWithTheSigningInBrowser: whoever learns the id of a
// sign-in request (it travels in links) and gets the victim's browser to
// complete it cannot collect the code at the callback: only the session
// that completed the request is sent on to the app with it.
func TestOIDCCodeStaysWithTheSigningInBrowser(t *testing.T) {
	t.Parallel()
	e, rp, _ := oidcSetup(t, core.OIDCClientSpec{})
	ctx := t.Context()

	// The attacker starts a sign-in of their own and reads its id off the
	// login page it lands on.
	attacker := e.oidcBrowser("mallory@example.com")
	rd, err := url.Parse(attacker.field(attacker.open(rp.authURL()), rdFieldRe))
	if err != nil {
		t.Fatal(err)
	}
	id := rd.Query().Get("id")

	// The victim's signed-in session completes it (as following a link to
	// /oidc/login?id=... would, with consent given before).
	victim, err := e.Svc.Authenticate(ctx, e.loginEmail(oidcUser))
	if err != nil {
		t.Fatal(err)
	}
	step, err := e.Svc.ConsentOIDC(ctx, id, victim, true, core.ClientMeta{})
	if err != nil || step.Kind != core.OIDCDone {
		t.Fatalf("victim's completion: %v %v", step, err)
	}

	callback := e.srv.URL + oidcprovider.CallbackPath + "?id=" + url.QueryEscape(id)
	p := attacker.open(callback)
	if q := away(p); q != nil || p.status != http.StatusForbidden {
		t.Fatalf("a browser without the session got %d, sent to the app with %v", p.status, q)
	}
	e.signUp("mallory@example.com")
	attacker.logIn()
	p = attacker.open(callback)
	if q := away(p); q != nil || p.status != http.StatusForbidden {
		t.Fatalf("another account's session got %d, sent to the app with %v", p.status, q)
	}
}
