package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
)

// newOIDCEnv is an env whose handler is also an OpenID Connect provider,
// with the server's own address as issuer.
func newOIDCEnv(t *testing.T, rig *coretest.Rig) *env {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	return serveOIDC(t, rig, srv, "http://"+srv.Listener.Addr().String())
}

// newLocalhostOIDCEnv is newOIDCEnv at http://localhost:<port>, its
// issuer, --base-url and srv.URL, so its pages can add security keys too
// (see newLocalhostEnv).
func newLocalhostOIDCEnv(t *testing.T) *env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	srv := httptest.NewUnstartedServer(nil)
	srv.Listener.Close()
	srv.Listener = ln
	e := serveOIDC(t, coretest.New(t, nil, func(c *core.Config) { c.BaseURL = base }), srv, base)
	e.srv.URL = base
	return e
}

// newOIDCTwin serves twin, a second instance of e's twofa on the same
// database (coretest.Rig.Twin), with e's issuer on a listener of its own,
// as a load balancer's second backend.
func newOIDCTwin(t *testing.T, e *env, twin *coretest.Rig) *env {
	t.Helper()
	return serveOIDC(t, twin, httptest.NewUnstartedServer(nil), e.srv.URL)
}

// serveOIDC starts srv with rig's handler and provider, named issuer.
func serveOIDC(t *testing.T, rig *coretest.Rig, srv *httptest.Server, issuer string) *env {
	t.Helper()
	// The protocol library stamps tokens with the wall clock, and apps
	// check them against it: the rig's clock starts from it too.
	rig.Clock.Advance(time.Until(rig.Clock.Now()) * -1)
	ctx := context.Background()
	if err := rig.Svc.EnsureOIDCSigningKeys(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := oidcprovider.New(ctx, rig.Svc, oidcprovider.Options{Issuer: issuer, Logger: rig.Logger})
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Options{Service: rig.Svc, Logger: rig.Logger, Version: "test", BaseURL: issuer, OIDC: p})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &env{Rig: rig, t: t, srv: srv, h: h}
}

// relyingParty is an app that signs its users in through twofa, built as
// real apps are: on coreos/go-oidc and golang.org/x/oauth2, with PKCE.
type relyingParty struct {
	t        *testing.T
	e        *env
	srv      *httptest.Server
	client   *core.OIDCClient
	secret   string
	provider *gooidc.Provider
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier

	mu       sync.Mutex
	state    string
	pkce     string
	nonce    string
	results  chan rpResult
	extraURL []oauth2.AuthCodeOption
}

// rpResult is what the app's callback got.
type rpResult struct {
	token   *oauth2.Token
	idToken *gooidc.IDToken
	rawID   string
	err     string
}

// newRelyingParty registers an app with twofa (spec's redirect URIs are
// replaced by the app's own callback) and discovers the provider.
func newRelyingParty(t *testing.T, e *env, spec core.OIDCClientSpec) *relyingParty {
	t.Helper()
	rp := &relyingParty{t: t, e: e, results: make(chan rpResult, 4)}
	mux := http.NewServeMux()
	rp.srv = httptest.NewServer(mux)
	t.Cleanup(rp.srv.Close)
	spec.RedirectURIs = []string{rp.srv.URL + "/callback"}
	spec.PostLogoutURIs = []string{rp.srv.URL + "/bye"}
	c, secret, err := e.Svc.AddOIDCClient(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	rp.client, rp.secret = c, secret
	ctx := context.Background()
	rp.provider, err = gooidc.NewProvider(ctx, e.srv.URL)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	ep := rp.provider.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInHeader
	rp.oauth = oauth2.Config{
		ClientID: c.ID, ClientSecret: secret, Endpoint: ep,
		RedirectURL: spec.RedirectURIs[0], Scopes: []string{gooidc.ScopeOpenID, "email", "profile", gooidc.ScopeOfflineAccess},
	}
	rp.verifier = rp.provider.Verifier(&gooidc.Config{ClientID: c.ID})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /start", rp.start)
	mux.HandleFunc("GET /callback", rp.callback)
	mux.HandleFunc("GET /bye", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><body data-page=\"rp-bye\">bye " + r.URL.Query().Get("state") + "</body></html>"))
	})
	return rp
}

func randomString(t *testing.T) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// authURL starts a sign-in: a fresh state, nonce and PKCE verifier.
func (rp *relyingParty) authURL(opts ...oauth2.AuthCodeOption) string {
	return rp.newAuthURL(true, opts...)
}

// authURLNoPKCE starts a sign-in without PKCE: a fresh state and nonce,
// no code_challenge.
func (rp *relyingParty) authURLNoPKCE(opts ...oauth2.AuthCodeOption) string {
	return rp.newAuthURL(false, opts...)
}

func (rp *relyingParty) newAuthURL(pkce bool, opts ...oauth2.AuthCodeOption) string {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	rp.state, rp.nonce, rp.pkce = randomString(rp.t), randomString(rp.t), ""
	if pkce {
		rp.pkce = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(rp.pkce))
	}
	opts = append(opts, gooidc.Nonce(rp.nonce))
	return rp.oauth.AuthCodeURL(rp.state, opts...)
}

func (rp *relyingParty) start(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, rp.authURL(rp.extraURL...), http.StatusFound)
}

// callback finishes the sign-in when the browser comes back to the app.
func (rp *relyingParty) callback(w http.ResponseWriter, r *http.Request) {
	res := rp.finish(r.Context(), r.URL.Query())
	rp.results <- res
	w.Header().Set("Content-Type", "text/html")
	if res.err != "" {
		w.Write([]byte("<html><body data-page=\"rp-error\">" + res.err + "</body></html>"))
		return
	}
	w.Write([]byte("<html><body data-page=\"rp-home\">signed in</body></html>"))
}

// logoutURL is the provider's end-session endpoint, as discovery names it,
// asking to sign out of the app's sign-in res and come back to the app's
// /bye, with state when it is not "".
func (rp *relyingParty) logoutURL(res rpResult, state string) string {
	rp.t.Helper()
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := rp.provider.Claims(&meta); err != nil || meta.EndSession == "" {
		rp.t.Fatalf("discovery has no end_session_endpoint: %v", err)
	}
	q := url.Values{"id_token_hint": {res.rawID}, "post_logout_redirect_uri": {rp.srv.URL + "/bye"}}
	if state != "" {
		q.Set("state", state)
	}
	return meta.EndSession + "?" + q.Encode()
}

// finish completes a sign-in with what twofa sent to the app's redirect
// URI (q), as an app does: checks state, redeems the code with the PKCE
// verifier and verifies the ID token and its nonce.
func (rp *relyingParty) finish(ctx context.Context, q url.Values) rpResult {
	rp.mu.Lock()
	state, pkce, nonce := rp.state, rp.pkce, rp.nonce
	rp.mu.Unlock()
	res := rpResult{err: q.Get("error")}
	switch {
	case res.err != "":
	case q.Get("state") != state:
		res.err = "state mismatch"
	default:
		var opts []oauth2.AuthCodeOption
		if pkce != "" {
			opts = append(opts, oauth2.VerifierOption(pkce))
		}
		tok, err := rp.oauth.Exchange(ctx, q.Get("code"), opts...)
		if err != nil {
			res.err = "exchange: " + err.Error()
			break
		}
		raw, _ := tok.Extra("id_token").(string)
		id, err := rp.verifier.Verify(ctx, raw)
		if err != nil {
			res.err = "verify: " + err.Error()
			break
		}
		if id.Nonce != nonce {
			res.err = "nonce mismatch"
			break
		}
		res.token, res.idToken, res.rawID = tok, id, raw
	}
	return res
}

// result returns what the callback got last.
func (rp *relyingParty) result() rpResult {
	rp.t.Helper()
	select {
	case r := <-rp.results:
		return r
	default:
		rp.t.Fatal("the app's callback was not called")
		return rpResult{}
	}
}

// idClaims are the ID token claims the tests look at.
type idClaims struct {
	Sub           string   `json:"sub"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Name          string   `json:"name"`
	AMR           []string `json:"amr"`
	ACR           string   `json:"acr"`
	AuthTime      int64    `json:"auth_time"`
}

func (r rpResult) claims(t *testing.T) idClaims {
	t.Helper()
	var c idClaims
	if err := r.idToken.Claims(&c); err != nil {
		t.Fatal(err)
	}
	return c
}
