package server

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"
)

// oidcBrowser signs a user in to apps through twofa without a real
// browser: a pageClient that stops where twofa sends it away (to an app's
// redirect URI), logs in on the login pages with the account's password
// and mailed code, and answers the consent page.
type oidcBrowser struct {
	*pageClient
	// who is the account that logs in when a login page appears.
	who string
	// consent is the answer given on the consent page: "allow" or "deny".
	consent string
	// seen lists, by their data-page names, the pages of twofa the last
	// signIn went through.
	seen []string
}

// oidcBrowser returns a fresh browser (no cookies) that logs in as who.
func (e *env) oidcBrowser(who string) *oidcBrowser {
	e.t.Helper()
	c := e.pageClient()
	c.stayLocal()
	return &oidcBrowser{pageClient: c, who: who, consent: "allow"}
}

var (
	dataPageRe = regexp.MustCompile(`<body data-page="([^"]*)"`)
	rdFieldRe  = regexp.MustCompile(`name="rd" value="([^"]*)"`)
	idFieldRe  = regexp.MustCompile(`name="id" value="([^"]*)"`)
)

// pageName is the data-page name of an HTML page, "" for anything else.
func pageName(p pageResp) string {
	if m := dataPageRe.FindStringSubmatch(p.body); m != nil {
		return m[1]
	}
	return ""
}

// field returns the value of the hidden field re matches on p, failing the
// test when p has none.
func (b *oidcBrowser) field(p pageResp, re *regexp.Regexp) string {
	b.t.Helper()
	m := re.FindStringSubmatch(p.body)
	if m == nil {
		b.t.Fatalf("no field %s on %s:\n%s", re, p.url, p.body)
	}
	return html.UnescapeString(m[1])
}

// open GETs an absolute URL.
func (b *oidcBrowser) open(rawURL string) pageResp {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// away returns the query of the address p sends the browser to outside
// twofa, or nil when p is no such redirect.
func away(p pageResp) url.Values {
	loc := p.header.Get("Location")
	if p.status/100 != 3 || loc == "" {
		return nil
	}
	u, err := url.Parse(loc)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u.Query()
}

// signIn opens authURL, an app's authorization request, and goes through
// twofa's pages as the user would (log in, mailed code, consent) until
// twofa sends the browser back to the app. It returns the query the app's
// redirect URI gets: code and state, or error and error_description.
func (b *oidcBrowser) signIn(authURL string) url.Values {
	b.t.Helper()
	q, p := b.walk(b.open(authURL))
	if q == nil {
		b.t.Fatalf("the sign-in stopped at %s (%d), after %v:\n%s", p.url, p.status, b.seen, p.body)
	}
	return q
}

// walk goes on from p as signIn does. It returns the query twofa sends
// the app, or nil and the page it stopped at when that is none of the
// login and consent pages.
func (b *oidcBrowser) walk(p pageResp) (url.Values, pageResp) {
	b.t.Helper()
	b.seen = nil
	for range 8 {
		if q := away(p); q != nil {
			return q, p
		}
		name := pageName(p)
		switch name {
		case "login":
			form := url.Values{"email": {b.who}, "password": {testPassword}}
			if m := rdFieldRe.FindStringSubmatch(p.body); m != nil {
				form.Set("rd", html.UnescapeString(m[1]))
			}
			p = b.submit(p, "/login", form)
		case "login_2fa":
			p = b.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {b.e.MailedCode(b.who)}})
		case "consent":
			p = b.post("/oidc/consent", url.Values{"id": {b.field(p, idFieldRe)}, "decision": {b.consent}})
		default:
			return nil, p
		}
		b.seen = append(b.seen, name)
	}
	b.t.Fatalf("the sign-in went round in circles: %v", b.seen)
	return nil, p
}

// logIn logs b's user in to twofa itself, without an app.
func (b *oidcBrowser) logIn() {
	b.t.Helper()
	if _, p := b.walk(b.get("/login")); p.url.Path != "/account/security" {
		b.t.Fatalf("the login ended at %s (%d)", p.url, p.status)
	}
}

// saw reports whether the last signIn went through the page named name.
func (b *oidcBrowser) saw(name string) bool { return slices.Contains(b.seen, name) }

// code signs in with authURL and returns the code the app gets, failing
// the test when the app gets an error.
func (b *oidcBrowser) code(authURL string) string {
	b.t.Helper()
	q := b.signIn(authURL)
	if q.Get("code") == "" {
		b.t.Fatalf("the app got no code: %v", q)
	}
	return q.Get("code")
}

// expectAppError fails unless q, what the app got, is the OAuth error code.
func expectAppError(t *testing.T, q url.Values, code string) {
	t.Helper()
	if q.Get("error") != code || q.Get("code") != "" {
		t.Fatalf("the app got %v, want error=%s", q, code)
	}
}

// signedIn signs the app in as b's user, consenting when asked, and
// returns the verified result.
func (rp *relyingParty) signedIn(b *oidcBrowser, opts ...oauth2.AuthCodeOption) rpResult {
	rp.t.Helper()
	res := rp.finish(context.Background(), b.signIn(rp.authURL(opts...)))
	if res.err != "" {
		rp.t.Fatalf("the app's sign-in failed: %s", res.err)
	}
	return res
}

// clientAuth is how a client proves itself at twofa's endpoints.
type clientAuth int

const (
	authBasic clientAuth = iota // client_secret_basic
	authPost                    // client_secret_post
	authNone                    // client_id in the form, no secret
)

// endpointReply is an answer of one of the provider's endpoints.
type endpointReply struct {
	status int
	body   map[string]any
	raw    string
}

func (r endpointReply) str(key string) string { s, _ := r.body[key].(string); return s }

// concurrently runs f n times at once and returns how many of the calls
// were answered 200.
func concurrently(n int, f func(i int) endpointReply) int {
	var wg sync.WaitGroup
	var ok atomic.Int32
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			if f(i).status == http.StatusOK {
				ok.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	return int(ok.Load())
}

// send posts form to the provider's endpoint path as client id with
// secret, authenticating as how says, and decodes the JSON answer. It may
// be called from any goroutine.
func (e *env) send(path, id, secret string, how clientAuth, form url.Values) endpointReply {
	form = cloneValues(form)
	switch how {
	case authPost:
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	case authNone:
		form.Set("client_id", id)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if how == authBasic {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	return e.roundTrip(req)
}

// roundTrip sends req and decodes a JSON answer. It may be called from
// any goroutine: a failure to send is reported with Errorf, as status 0.
func (e *env) roundTrip(req *http.Request) endpointReply {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Errorf("%s %s: %v", req.Method, req.URL.Path, err)
		return endpointReply{}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Errorf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	r := endpointReply{status: resp.StatusCode, raw: string(raw), body: map[string]any{}}
	json.Unmarshal(raw, &r.body)
	return r
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// redeem exchanges code at the token endpoint as rp, with the PKCE
// verifier ("" for none), authenticating as rp.auth says.
func (rp *relyingParty) redeem(code, verifier string) endpointReply {
	return rp.redeemAt(rp.e, rp.auth(), code, verifier)
}

// redeemAt is redeem at the token endpoint of e (another instance of
// twofa), authenticating as how says. It may be called from any
// goroutine.
func (rp *relyingParty) redeemAt(e *env, how clientAuth, code, verifier string) endpointReply {
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {rp.oauth.RedirectURL}}
	if verifier != "" {
		form.Set("code_verifier", verifier)
	}
	return e.send("/oidc/token", rp.client.ID, rp.secret, how, form)
}

// auth is how rp authenticates by default: Basic with its secret, or none
// for a public client.
func (rp *relyingParty) auth() clientAuth {
	if rp.client.Public {
		return authNone
	}
	return authBasic
}

// verifierNow is the PKCE verifier of rp's last authorization request.
func (rp *relyingParty) verifierNow() string {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return rp.pkce
}

// refresh uses a refresh token as rp. It may be called from any
// goroutine.
func (rp *relyingParty) refresh(token string) endpointReply {
	return rp.e.send("/oidc/token", rp.client.ID, rp.secret, rp.auth(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}})
}

// introspect asks about a token as rp (RFC 7662).
func (rp *relyingParty) introspect(token string) endpointReply {
	rp.t.Helper()
	return rp.e.send("/oidc/introspect", rp.client.ID, rp.secret, authBasic, url.Values{"token": {token}})
}

// revoke revokes a token as rp (RFC 7009).
func (rp *relyingParty) revoke(token string) endpointReply {
	rp.t.Helper()
	return rp.e.send("/oidc/revoke", rp.client.ID, rp.secret, rp.auth(), url.Values{"token": {token}})
}

// userinfo calls the userinfo endpoint with an access token and returns
// the status and claims.
func (e *env) userinfo(accessToken string) endpointReply {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/oidc/userinfo", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	return e.roundTrip(req)
}

// expectWorks fails unless the access token is accepted by userinfo.
func (e *env) expectWorks(accessToken string) {
	e.t.Helper()
	if r := e.userinfo(accessToken); r.status != http.StatusOK || r.str("sub") == "" {
		e.t.Fatalf("userinfo refuses a live access token: %d %s", r.status, r.raw)
	}
}

// expectDead fails unless the access token is refused by userinfo.
func (e *env) expectDead(accessToken string) {
	e.t.Helper()
	if r := e.userinfo(accessToken); r.status == http.StatusOK {
		e.t.Fatalf("userinfo accepts an access token that must be dead: %s", r.raw)
	}
}

// expectGrantError fails unless r is a 400 with the OAuth error code.
func expectGrantError(t *testing.T, r endpointReply, code string) {
	t.Helper()
	if r.status != http.StatusBadRequest && r.status != http.StatusUnauthorized || r.str("error") != code {
		t.Fatalf("got %d %s, want error %s", r.status, r.raw, code)
	}
}

// tokens are the tokens of a code redeemed at the token endpoint.
func (r endpointReply) tokens(t *testing.T) (access, refresh string) {
	t.Helper()
	if r.status != http.StatusOK || r.str("access_token") == "" {
		t.Fatalf("no tokens: %d %s", r.status, r.raw)
	}
	return r.str("access_token"), r.str("refresh_token")
}
