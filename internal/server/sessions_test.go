package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// sessionIDs lists the sessions the token's account has, and the id of the
// token's own.
func (e *env) sessionIDs(token string) (all []string, current string) {
	e.t.Helper()
	r := e.expect(e.call("GET", "/api/v1/me/sessions", token, nil), 200, "")
	for _, v := range r.body["sessions"].([]any) {
		m := v.(map[string]any)
		id := m["id"].(string)
		all = append(all, id)
		if m["current"] == true {
			current = id
		}
	}
	return all, current
}

// TestPagesEndSessions: on the Security page, the owner's browser ends
// another browser's session with the "End this session" form; that
// session then no longer authenticates, on pages or the API. "End all
// other sessions" ends the rest and keeps the browser's own.
func TestPagesEndSessions(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"
	e.signUp(alice)
	other := e.pageClient()
	other.logIn(alice, testPassword)
	c := e.pageClient()
	p := c.logIn(alice, testPassword)
	apiToken := e.loginEmail(alice)

	_, otherID := e.sessionIDs(other.cookie(sessionCookie))
	_, mineID := e.sessionIDs(c.cookie(sessionCookie))
	p = c.expectPage(c.get("/account/security"), 200, "/account/security", "Active sessions",
		`value="`+otherID+`"`, `value="`+mineID+`"`, "This session", "End this session", "End all other sessions")
	if n := strings.Count(p.body, "This session</span>"); n != 1 {
		t.Errorf("%d sessions marked as this one, want 1", n)
	}
	for _, tok := range []string{c.cookie(sessionCookie), other.cookie(sessionCookie), apiToken} {
		sum := sha256.Sum256([]byte(tok))
		if strings.Contains(p.body, hex.EncodeToString(sum[:])) || strings.Contains(p.body, tok) {
			t.Fatal("the Security page shows a session token or its hash")
		}
	}

	c.expectPage(c.submit(p, "/account/security/sessions/end", url.Values{"id": {otherID}}), 200, "/account/security",
		"The session was ended")
	other.expectPage(other.get("/account/security"), 200, "/login")
	e.expect(e.call("GET", "/api/v1/me", other.cookie(sessionCookie), nil), 401, "unauthenticated")
	e.expect(e.call("GET", "/api/v1/me", apiToken, nil), 200, "")

	p = c.expectPage(c.get("/account/security"), 200, "/account/security", "Session ended")
	c.expectPage(c.submit(p, "/account/security/sessions/end-others", nil), 200, "/account/security",
		"Every other session was ended")
	e.expect(e.call("GET", "/api/v1/me", apiToken, nil), 401, "unauthenticated")
	p = c.expectPage(c.get("/account/security"), 200, "/account/security", "This session")
	if strings.Contains(p.body, "End all other sessions") {
		t.Error("the page offers to end other sessions when there are none")
	}

	// Ending its own session logs the browser out.
	c.expectPage(c.submit(p, "/account/security/sessions/end", url.Values{"id": {mineID}}), 200, "/login", "You are logged out.")
	if c.cookie(sessionCookie) != "" {
		t.Error("the session cookie is still set after ending this session")
	}
}

// TestEndSessionOfAnotherAccount: one account cannot end another's
// session, by the API or the Security page form, even knowing its id.
func TestEndSessionOfAnotherAccount(t *testing.T) {
	e := newEnv(t)
	e.signUp("alice@example.com")
	e.signUp("mallory@example.com")
	alice := e.loginEmail("alice@example.com")
	_, aliceID := e.sessionIDs(alice)
	mallory := e.pageClient()
	mallory.logIn("mallory@example.com", testPassword)
	malloryToken := mallory.cookie(sessionCookie)

	e.expect(e.call("DELETE", "/api/v1/me/sessions/"+aliceID, malloryToken, nil), 404, "not-found")
	mallory.expectPage(mallory.post("/account/security/sessions/end", url.Values{"id": {aliceID}}), 404,
		"/account/security/sessions/end")
	e.expect(e.call("DELETE", "/api/v1/me/sessions", malloryToken, nil), 204, "")
	e.expect(e.call("GET", "/api/v1/me", alice, nil), 200, "")
	e.expect(e.call("GET", "/api/v1/me", malloryToken, nil), 200, "")
}

// TestAPISessions lists, ends one and ends the others through the API,
// and checks that ending needs no step-up and is audited.
func TestAPISessions(t *testing.T) {
	e := newEnv(t)
	const bob = "bob@example.com"
	e.signUp(bob)
	first := e.loginEmail(bob)
	second := e.loginEmail(bob)
	third := e.loginEmail(bob)

	all, current := e.sessionIDs(first)
	if len(all) != 3 || current == "" {
		t.Fatalf("sessions = %v (current %q), want 3 with one current", all, current)
	}
	r := e.expect(e.call("GET", "/api/v1/me/sessions", first, nil), 200, "")
	for _, tok := range []string{first, second, third} {
		sum := sha256.Sum256([]byte(tok))
		if strings.Contains(string(r.raw), hex.EncodeToString(sum[:])) || strings.Contains(string(r.raw), tok) {
			t.Fatalf("the session list shows a token or its hash: %s", r.raw)
		}
	}
	_, secondID := e.sessionIDs(second)
	e.expect(e.call("DELETE", "/api/v1/me/sessions/"+secondID, first, nil), 204, "")
	e.expect(e.call("GET", "/api/v1/me", second, nil), 401, "unauthenticated")
	e.expect(e.call("DELETE", "/api/v1/me/sessions/"+secondID, first, nil), 404, "not-found")
	e.expect(e.call("DELETE", "/api/v1/me/sessions", first, nil), 204, "")
	e.expect(e.call("GET", "/api/v1/me", third, nil), 401, "unauthenticated")
	if all, _ := e.sessionIDs(first); len(all) != 1 {
		t.Errorf("sessions after ending the others = %v, want this one", all)
	}
	ev := e.expect(e.call("GET", "/api/v1/me/events", first, nil), 200, "")
	top := ev.body["events"].([]any)[0].(map[string]any)
	if top["type"] != core.EventSessionEnded || top["count"] != float64(2) {
		t.Errorf("newest event = %v, want two session endings", top)
	}
	e.expect(e.call("DELETE", "/api/v1/me/sessions/"+current, first, nil), 204, "")
	e.expect(e.call("GET", "/api/v1/me", first, nil), 401, "unauthenticated")
}

// TestEventsPagedAndCollapsed: 200 wrong passwords by a stranger leave the
// owner's earlier totp-enabled event on the first page, of the API and of
// the Security page; the API pages by cursor.
func TestEventsPagedAndCollapsed(t *testing.T) {
	e := newEnv(t, func(c *core.Config) {
		c.LoginLimit = core.Policy{Free: 1000, Base: time.Minute, Max: time.Hour, Decay: time.Hour}
	})
	const owner = "owner@example.com"
	e.signUp(owner)
	c := e.pageClient()
	c.logIn(owner, testPassword)
	token := c.cookie(sessionCookie)
	e.enableTOTP(token)
	for range 200 {
		e.Clock.Advance(time.Second)
		e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": owner, "password": "a stranger's guess"}), 401, "invalid-credentials")
	}

	r := e.expect(e.call("GET", "/api/v1/me/events?limit=3", token, nil), 200, "")
	events := r.body["events"].([]any)
	burst := events[0].(map[string]any)
	if burst["type"] != core.EventLoginFailed || burst["count"] != float64(200) ||
		burst["summary"] != "200 failed logins from 1 address" || burst["first"] == nil {
		t.Errorf("newest entry = %v, want 200 failed logins collapsed", burst)
	}
	found := false
	for _, v := range events {
		found = found || v.(map[string]any)["type"] == core.EventTOTPEnabled
	}
	if !found {
		t.Errorf("first page of 3 = %v: totp-enabled pushed out", events)
	}
	c.expectPage(c.get("/account/security"), 200, "/account/security", "200 failed logins from 1 address",
		"Authenticator app enabled")

	// Paging one entry at a time reaches the signup, and no further.
	seen := 0
	for next := ""; ; {
		q := "/api/v1/me/events?limit=1"
		if next != "" {
			q += "&before=" + url.QueryEscape(next)
		}
		r := e.expect(e.call("GET", q, token, nil), 200, "")
		for _, v := range r.body["events"].([]any) {
			seen += int(v.(map[string]any)["count"].(float64))
		}
		next = r.str("next")
		if next == "" {
			if last := r.body["events"].([]any); len(last) == 0 || last[0].(map[string]any)["type"] != core.EventSignUp {
				t.Errorf("last page = %v, want the signup", last)
			}
			break
		}
	}
	if seen < 200+3 {
		t.Errorf("paging saw %d events, want the 200 failures and the rest", seen)
	}
	e.expect(e.call("GET", "/api/v1/me/events?before=1-x", token, nil), 400, "bad-request")
	e.expect(e.call("GET", "/api/v1/me/events?limit=0", token, nil), 400, "bad-request")
	e.expect(e.call("GET", "/api/v1/me/events?limit=201", token, nil), 400, "bad-request")
	if r := e.call("GET", "/api/v1/me/events", token, nil); r.status != http.StatusOK {
		t.Fatalf("events without parameters: %d", r.status)
	}
}
