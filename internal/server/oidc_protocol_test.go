package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
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
// from n goroutines at once and fails unless exactly one gets tokens.
func redeemRace(t *testing.T, rp *relyingParty, code string, n int, envs ...*env) {
	t.Helper()
	verifier := rp.verifierNow()
	if ok := concurrently(n, func(i int) endpointReply {
		return rp.redeemAt(envs[i%len(envs)], authBasic, code, verifier)
	}); ok != 1 {
		t.Fatalf("%d of %d concurrent redemptions of one code got tokens, want 1", ok, n)
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

	res = rp.signedIn(b)
	if ok := concurrently(8, func(int) endpointReply { return rp.refresh(res.token.RefreshToken) }); ok != 1 {
		t.Fatalf("%d of 8 concurrent uses of one refresh token got tokens, want 1", ok)
	}
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
