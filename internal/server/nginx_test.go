package server

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/authz"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// nginxSiteConf is the site the nginx test puts behind twofa: the
// configuration README.md shows, with TWOFA and SITE for the addresses of
// twofa and of the protected application.
const nginxSiteConf = `
server {
    listen LISTEN;

    location / {
        auth_request /twofa-auth;
        auth_request_set $twofa_user $upstream_http_remote_user;
        auth_request_set $twofa_email $upstream_http_remote_email;
        auth_request_set $twofa_name $upstream_http_remote_name;
        auth_request_set $twofa_location $upstream_http_location;
        error_page 401 =302 $twofa_location;

        proxy_set_header Remote-User $twofa_user;
        proxy_set_header Remote-Email $twofa_email;
        proxy_set_header Remote-Name $twofa_name;
        proxy_pass http://SITE;
    }

    location = /twofa-auth {
        internal;
        proxy_pass http://TWOFA/api/v1/authz/auth-request;
        proxy_pass_request_body off;
        proxy_set_header Content-Length "";
        proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
        proxy_set_header X-Forwarded-For $remote_addr;
    }
}
`

// nginxRules make /public open, /one need a session and everything else
// on 127.0.0.1 both factors.
const nginxRules = `
rules:
  - hosts: [127.0.0.1]
    paths: [/public]
    policy: bypass
  - hosts: [127.0.0.1]
    paths: [/one]
    policy: one_factor
`

// startNginx runs nginx on a free loopback port with the site of
// nginxSiteConf in front of site, asking twofa at twofa, and returns its
// base URL. It skips the test when nginx is missing (and fails it under
// CI=true).
func startNginx(t *testing.T, twofa, site string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("nginx is not installed, and CI=true needs the forward-auth test: apt-get install -y nginx-light")
			}
			t.Skip("skipping the nginx forward-auth test: nginx is not installed (apt-get install -y nginx-light)")
		}
		bin = "/usr/sbin/nginx"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	dir := t.TempDir()
	site = strings.NewReplacer("LISTEN", addr, "SITE", site, "TWOFA", twofa).Replace(nginxSiteConf)
	conf := fmt.Sprintf(`pid %[1]s/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
%[2]s
}
`, dir, site)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd := exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", "stderr",
		"-g", "daemon off; master_process off; error_log stderr warn;")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("nginx stderr:\n%s", stderr.String())
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-exited:
			t.Fatalf("nginx stopped: %v\n%s", err, stderr.String())
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nginx did not listen on %s:\n%s", addr, stderr.String())
	return ""
}

// echoSite is the protected application: it answers every request with
// the Remote-* headers it got.
func echoSite(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "site %s user=%q email=%q name=%q\n", r.URL.Path,
			r.Header.Get("Remote-User"), r.Header.Get("Remote-Email"), r.Header.Get("Remote-Name"))
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// TestNginxForwardAuth puts nginx (auth_request) in front of a site, with
// twofa on another port of 127.0.0.1 and the session cookie for the
// cookie domain 127.0.0.1, which browsers send to every port. A visitor
// is sent to the login page and back; the site sees Remote-*; an account
// without a second factor reaches the one_factor path only; after logout
// the site is closed again.
func TestNginxForwardAuth(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	rules, err := authz.Parse([]byte(nginxRules))
	if err != nil {
		t.Fatal(err)
	}
	rig := coretest.New(t, nil, func(c *core.Config) { c.BaseURL = base; c.Email2FADefault = false })
	h, err := New(Options{Service: rig.Svc, Logger: rig.Logger, BaseURL: base, AccessRules: rules, CookieDomain: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	e := &env{Rig: rig, t: t, srv: srv, h: h}
	proxy := startNginx(t, ln.Addr().String(), echoSite(t))

	const two, one = "two@example.com", "one@example.com"
	e.signUp(two)
	e.expect(e.call("POST", "/api/v1/me/2fa/email/enable", e.passwordToken(two), nil), 200, "")
	e.signUp(one)

	// No session: nginx sends the visitor to the login page, with rd.
	c := e.pageClient()
	p := c.do(mustGet(t, proxy+"/two/page?x=1"))
	c.expectPage(p, 200, "/login")
	if rd := p.url.Query().Get("rd"); rd != proxy+"/two/page?x=1" {
		t.Fatalf("login page rd = %q, want %q", rd, proxy+"/two/page?x=1")
	}
	// Password and the emailed code, then back to the site.
	p = c.submit(p, "/login", url.Values{"email": {two}, "password": {testPassword}, "rd": {p.url.Query().Get("rd")}})
	p = c.submit(p, "/login/2fa?", url.Values{"method": {"email"}, "code": {e.MailedCode(two)}})
	twoID := e.expect(e.call("GET", "/api/v1/me", c.cookie(sessionCookie), nil), 200, "").str("id")
	expectSite(t, p, "/two/page", twoID, two)
	expectSite(t, c.do(mustGet(t, proxy+"/one")), "/one", twoID, two)

	// An account without a second factor reaches /one, not /two: it is
	// shown the Security page saying why.
	c1 := e.pageClient()
	p = c1.do(mustGet(t, proxy+"/one/x"))
	p = c1.submit(c1.expectPage(p, 200, "/login"), "/login", url.Values{"email": {one}, "password": {testPassword}, "rd": {p.url.Query().Get("rd")}})
	oneID := e.expect(e.call("GET", "/api/v1/me", c1.cookie(sessionCookie), nil), 200, "").str("id")
	expectSite(t, p, "/one/x", oneID, one)
	c1.expectPage(c1.do(mustGet(t, proxy+"/two")), 200, "/account/security", "needs two-factor authentication")

	// A Remote-User sent by the visitor never reaches the site.
	req := mustGet(t, proxy+"/public")
	req.Header.Set("Remote-User", "admin")
	expectSite(t, e.pageClient().do(req), "/public", "", "")

	// Logout closes the site again.
	c.post("/logout", nil)
	c.expectPage(c.do(mustGet(t, proxy+"/two")), 200, "/login")
	c.expectPage(c.do(mustGet(t, proxy+"/one")), 200, "/login")
	expectSite(t, c1.do(mustGet(t, proxy+"/one")), "/one", oneID, one)
}

func mustGet(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// expectSite fails unless p is the echo site's answer for path, naming
// the user with id and email.
func expectSite(t *testing.T, p pageResp, path, id, email string) {
	t.Helper()
	want := fmt.Sprintf("site %s user=%q email=%q", path, id, email)
	if p.status != http.StatusOK || !strings.HasPrefix(p.body, want) {
		t.Fatalf("got %d at %s: %q, want %q", p.status, p.url, p.body, want)
	}
}

// passwordToken logs in an account without a second factor through the
// API and returns the session token.
func (e *env) passwordToken(addr string) string {
	e.t.Helper()
	return e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 200, "").str("token")
}

// TestREADMENginxConfig: the nginx configuration README.md shows is the one
// TestNginxForwardAuth runs, with example addresses.
func TestREADMENginxConfig(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.NewReplacer("TWOFA", "127.0.0.1:8080", "SITE", "127.0.0.1:3000").Replace(nginxSiteConf)
	start := strings.Index(conf, "    location / {")
	end := strings.LastIndex(conf, "    }\n") + len("    }\n")
	if start < 0 || end <= start {
		t.Fatalf("nginxSiteConf has no location blocks:\n%s", conf)
	}
	if locations := conf[start:end]; !strings.Contains(string(readme), locations) {
		t.Errorf("README.md does not show the nginx locations the test runs:\n%s", locations)
	}
}
