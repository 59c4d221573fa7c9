package server

import (
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wantSecurityHeaders are the headers every answer carries, page or API,
// success or error, redirect or not.
var wantSecurityHeaders = map[string]string{
	"Content-Security-Policy": contentSecurityPolicy,
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "no-referrer",
	"X-Frame-Options":         "DENY",
	"Cache-Control":           "no-store",
}

// sourceGETRoutes returns the path of every GET route that a non-test Go
// file of this package registers, wildcards left in place.
func sourceGETRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
			if m[1] == http.MethodGet && !slices.Contains(paths, m[2]) {
				paths = append(paths, m[2])
			}
		}
	}
	if len(paths) < 8 {
		t.Fatalf("found only %d GET routes; has the way routes are registered changed? %v", len(paths), paths)
	}
	slices.Sort(paths)
	return paths
}

// staticNames lists the embedded static files.
func staticNames(t *testing.T) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, d.Name())
		}
		return err
	})
	if err != nil || len(names) == 0 {
		t.Fatalf("no static files: %v", err)
	}
	return names
}

// expandRoute turns a route pattern into request paths: each static file
// for {name} under /static/, "" for {$}, and a made-up value for any other
// wildcard (the answer is then an error, which must carry the headers too).
func expandRoute(t *testing.T, pattern string) []string {
	t.Helper()
	if strings.HasPrefix(pattern, "/static/{") {
		var out []string
		for _, n := range staticNames(t) {
			out = append(out, "/static/"+n)
		}
		return out
	}
	return []string{goWildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		if strings.HasSuffix(w, "$}") {
			return ""
		}
		return "x"
	})}
}

// TestSecurityHeadersEverywhere walks every GET route the package registers
// (pages, static files, API, health) signed out, in the middle of a login
// and signed in, plus answers of other kinds (a refused login, a bad body,
// unknown routes, a wrong method), without following redirects, and checks
// the security headers on each answer. Static files are the one exception
// to Cache-Control: no-store: they hold nothing private and say no-cache,
// so browsers revalidate them by ETag.
func TestSecurityHeadersEverywhere(t *testing.T) {
	e := newEnv(t)
	const who = "headers@example.com"
	e.signUp(who)
	token := e.loginEmail(who)
	e.beginTOTP(token) // so the setup page shows
	challenge := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": who, "password": testPassword}), 401, "2fa-required").str("challenge")

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	type request struct {
		method, path, body string
		cookies            map[string]string
	}
	send := func(rq request) (int, http.Header) {
		t.Helper()
		var body io.Reader
		if rq.body != "" {
			body = strings.NewReader(rq.body)
		}
		req, err := http.NewRequest(rq.method, e.srv.URL+rq.path, body)
		if err != nil {
			t.Fatal(err)
		}
		if rq.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for name, value := range rq.cookies {
			req.AddCookie(&http.Cookie{Name: name, Value: value})
		}
		if tok := rq.cookies[sessionCookie]; tok != "" && strings.HasPrefix(rq.path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header
	}

	passes := []struct {
		name    string
		cookies map[string]string
	}{
		{"signed out", nil},
		{"in a login", map[string]string{challengeCookie: challenge}},
		{"signed in", map[string]string{sessionCookie: token}},
	}
	var requests []request
	for _, pass := range passes {
		for _, pattern := range sourceGETRoutes(t) {
			for _, path := range expandRoute(t, pattern) {
				requests = append(requests, request{method: "GET", path: path, cookies: pass.cookies})
			}
		}
	}
	signedIn := passes[2].cookies
	requests = append(requests,
		request{method: "POST", path: "/api/v1/login", body: `{"email":"` + who + `","password":"wrong password"}`},
		request{method: "POST", path: "/api/v1/signup", body: `{"email":`},
		request{method: "POST", path: "/api/v1/logout", cookies: signedIn},
		request{method: "GET", path: "/api/v1/no-such-route"},
		request{method: "GET", path: "/api/v1/login"},
		request{method: "GET", path: "/no-such-page"},
		request{method: "GET", path: "/static/no-such-file.css"},
	)

	ok := map[string]bool{} // GET paths that answered 200 at least once
	for _, rq := range requests {
		status, h := send(rq)
		if status == http.StatusOK {
			ok[rq.path] = true
		}
		what := rq.method + " " + rq.path
		if rq.cookies != nil {
			what += " (with " + strings.Join(slices.Sorted(maps.Keys(rq.cookies)), ", ") + ")"
		}
		for name, want := range wantSecurityHeaders {
			got := h.Get(name)
			if name == "Cache-Control" && strings.HasPrefix(rq.path, "/static/") && status == http.StatusOK {
				want = "no-cache"
			}
			if got != want {
				t.Errorf("%s: %d with %s %q, want %q", what, status, name, got, want)
			}
		}
	}
	// The walk must reach the real pages, not only redirects to the login.
	for _, path := range []string{"/login", "/signup", "/login/2fa", "/account", "/account/security", "/account/security/totp/setup", "/api/v1/me", "/healthz"} {
		if !ok[path] {
			t.Errorf("GET %s never answered 200: the walk does not reach the page", path)
		}
	}
}
