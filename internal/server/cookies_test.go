package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// cookieFlow logs in through the API and through the pages and logs out,
// sending back the cookies it is given, and returns every Set-Cookie
// header the handler sent on the way.
func cookieFlow(t *testing.T, e *env) []*http.Cookie {
	t.Helper()
	e.signUp("cookie@example.com")
	var set []*http.Cookie
	jar := map[string]string{}
	send := func(method, path, contentType, body string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.RemoteAddr = "198.51.100.9:4000"
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		for n, v := range jar {
			req.AddCookie(&http.Cookie{Name: n, Value: v})
		}
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		resp := rec.Result()
		for _, c := range resp.Cookies() {
			set = append(set, c)
			if c.MaxAge < 0 {
				delete(jar, c.Name)
			} else {
				jar[c.Name] = c.Value
			}
		}
		return rec
	}
	const form = "application/x-www-form-urlencoded"
	login := url.Values{"email": {"cookie@example.com"}, "password": {testPassword}}.Encode()
	if rec := send("POST", "/login", form, login); rec.Code != http.StatusSeeOther {
		t.Fatalf("login page: %d %s", rec.Code, rec.Body)
	}
	code := e.MailedCode("cookie@example.com")
	step := url.Values{"method": {"email"}, "code": {code}, "remember": {"on"}}.Encode()
	if rec := send("POST", "/login/2fa", form, step); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account/security" {
		t.Fatalf("second step page: %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	if rec := send("GET", "/account/security", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("the session cookie does not sign in: %d", rec.Code)
	}
	if rec := send("POST", "/logout", form, ""); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout page: %d", rec.Code)
	}
	jar = map[string]string{}
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "cookie@example.com", "password": testPassword}), 401, "2fa-required")
	code = e.MailedCode("cookie@example.com")
	body := `{"challenge":"` + r.str("challenge") + `","method":"email","code":"` + code + `","rememberDevice":true}`
	if rec := send("POST", "/api/v1/login/2fa", "application/json", body); rec.Code != http.StatusOK {
		t.Fatalf("API second step: %d %s", rec.Code, rec.Body)
	}
	if rec := send("GET", "/api/v1/me", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("the API session cookie does not sign in: %d", rec.Code)
	}
	if rec := send("POST", "/api/v1/logout", "", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("API logout: %d", rec.Code)
	}
	names := map[string]bool{}
	for _, c := range set {
		names[c.Name] = true
	}
	for _, want := range []string{sessionCookie, challengeCookie, deviceCookie} {
		if !names[want] && !names[hostPrefix+want] && !names[securePrefix+want] {
			t.Fatalf("the flow set no %s cookie; it set %v", want, names)
		}
	}
	return set
}

// TestHostCookiesUnderHTTPS: with an https base URL every cookie twofa
// sets is a __Host- cookie (Secure, Path=/, no Domain), and only the
// prefixed name is read: a plain twofa_session cookie, which a sibling
// subdomain could plant, signs nobody in.
func TestHostCookiesUnderHTTPS(t *testing.T) {
	e := newEnvWith(t, Options{BaseURL: "https://id.example.com"})
	for _, c := range cookieFlow(t, e) {
		if !strings.HasPrefix(c.Name, hostPrefix) || !c.Secure || c.Path != "/" || c.Domain != "" {
			t.Errorf("cookie %q: Secure=%v Path=%q Domain=%q, want a __Host- name, Secure, Path=/ and no Domain", c.Name, c.Secure, c.Path, c.Domain)
		}
	}
	tok := e.loginEmail("cookie@example.com")
	for name, want := range map[string]int{sessionCookie: http.StatusUnauthorized, hostPrefix + sessionCookie: http.StatusOK} {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.AddCookie(&http.Cookie{Name: name, Value: tok})
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET /api/v1/me with cookie %s: %d, want %d", name, rec.Code, want)
		}
	}
}

// TestPlainCookiesUnderHTTP: without https the cookies keep their plain
// names (browsers refuse __Host- cookies that are not Secure).
func TestPlainCookiesUnderHTTP(t *testing.T) {
	e := newEnvWith(t, Options{BaseURL: "http://localhost:8080"})
	for _, c := range cookieFlow(t, e) {
		if strings.HasPrefix(c.Name, "__") || c.Secure || c.Path != "/" {
			t.Errorf("cookie %q: Secure=%v Path=%q, want a plain name, not Secure, Path=/", c.Name, c.Secure, c.Path)
		}
	}
}

// TestSessionCookieForCookieDomain: with a cookie domain the session
// cookie names that Domain, so the sites below it see it too; under https
// it is then a __Secure- cookie (browsers refuse __Host- with a Domain),
// and only that name is read. Every other cookie stays host-only. Logout
// clears the cookie for the same Domain, or the browser would keep it.
func TestSessionCookieForCookieDomain(t *testing.T) {
	for _, c := range []struct {
		base, session string
	}{
		{"https://id.example.com", securePrefix + sessionCookie},
		{"http://id.example.com", sessionCookie},
	} {
		t.Run(c.base, func(t *testing.T) {
			e := newEnvWith(t, Options{BaseURL: c.base, CookieDomain: ".Example.com"})
			secure := strings.HasPrefix(c.base, "https:")
			cleared := false
			for _, ck := range cookieFlow(t, e) {
				if ck.Secure != secure || ck.Path != "/" {
					t.Errorf("cookie %q: Secure=%v Path=%q", ck.Name, ck.Secure, ck.Path)
				}
				if strings.HasSuffix(ck.Name, sessionCookie) {
					if ck.Name != c.session || ck.Domain != "example.com" {
						t.Errorf("session cookie %q Domain=%q, want %q for example.com", ck.Name, ck.Domain, c.session)
					}
					cleared = cleared || ck.MaxAge < 0
					continue
				}
				if ck.Domain != "" || (secure && !strings.HasPrefix(ck.Name, hostPrefix)) {
					t.Errorf("cookie %q Domain=%q, want host-only (__Host- under https)", ck.Name, ck.Domain)
				}
			}
			if !cleared {
				t.Error("logout did not clear the session cookie for the cookie domain")
			}
			if !secure {
				return
			}
			tok := e.loginEmail("cookie@example.com")
			for name, want := range map[string]int{sessionCookie: http.StatusUnauthorized, hostPrefix + sessionCookie: http.StatusUnauthorized, c.session: http.StatusOK} {
				req := httptest.NewRequest("GET", "/api/v1/authz/auth-request", nil)
				req.Header.Set("X-Original-URL", "https://app.example.com/")
				req.AddCookie(&http.Cookie{Name: name, Value: tok})
				rec := httptest.NewRecorder()
				e.h.ServeHTTP(rec, req)
				if rec.Code != want {
					t.Errorf("auth-request with cookie %s: %d, want %d", name, rec.Code, want)
				}
			}
		})
	}
}
