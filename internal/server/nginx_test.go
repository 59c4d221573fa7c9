package server

import (
	"bufio"
	"fmt"
	"io"
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

// nginxSiteConf is a protected site the nginx test puts behind twofa: the
// configuration README.md shows, with HOST for the site's host name,
// ORIGIN for its scheme and host as the browser sees them, and LISTEN,
// TWOFA and SITE for the addresses of nginx, twofa and the application.
// The test runs it twice, for a site and for a host with a bypass rule,
// next to nginxDefaultServer.
const nginxSiteConf = `
# One server block for each protected host name, which X-Original-URL
# names as written here. Never build it from $http_host (or $host): nginx
# picks the block by the host of the request line when there is one
# ("GET https://wiki.example.com/admin HTTP/1.1"), else by the Host
# header, while $http_host is the Host header the visitor sent. With
# "Host: status.example.com" twofa would judge the request under that
# host's rules (bypass, say) and nginx would pass it to this application.
server {
    listen LISTEN;
    server_name HOST;
    # ssl_certificate ...; ssl_certificate_key ...;

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
        proxy_set_header X-Original-URL ORIGIN$request_uri;
        proxy_set_header X-Forwarded-For $remote_addr;
    }
}
`

// nginxDefaultServer answers every host name that has no server block of
// its own, as README.md shows it.
const nginxDefaultServer = `
# Any other host name: the connection is closed without an answer, so no
# request reaches an application through a block not written for its host.
server {
    listen LISTEN default_server;
    server_name _;
    ssl_reject_handshake on;
    return 444;
}
`

// nginxRules make /public on 127.0.0.1 and all of status.localhost open,
// /one need a session and everything else on 127.0.0.1 both factors.
const nginxRules = `
rules:
  - hosts: [status.localhost]
    policy: bypass
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
	var sites strings.Builder
	for _, host := range []string{"127.0.0.1", "status.localhost"} {
		sites.WriteString(strings.NewReplacer("HOST", host, "ORIGIN", "http://"+host+addr[strings.LastIndexByte(addr, ':'):],
			"LISTEN", addr, "SITE", site, "TWOFA", twofa).Replace(nginxSiteConf))
	}
	sites.WriteString(strings.ReplaceAll(nginxDefaultServer, "LISTEN", addr))
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
`, dir, sites.String())
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
// without a second factor reaches the one_factor path only; a request
// line for the site with the Host header of a bypass host is judged as a
// request to the site; a host without a server block gets no answer; after
// logout the site is closed again.
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

	// The block of the bypass host passes everyone.
	req = mustGet(t, proxy+"/two/secret")
	req.Host = "status.localhost"
	expectSite(t, e.pageClient().do(req), "/two/secret", "", "")

	// A request line naming the protected host reaches its block whatever
	// the Host header says, and is judged as a request to that host: the
	// bypass host's rules do not open it.
	resp, err := rawHTTP(proxy, "GET "+proxy+"/two/secret HTTP/1.1\r\nHost: status.localhost\r\nConnection: close\r\n\r\n")
	if err != nil || resp.status != http.StatusFound || !strings.HasPrefix(resp.header.Get("Location"), base+"/login?rd=") {
		t.Fatalf("absolute request line with Host: status.localhost: %+v, %v; want 302 to the login page", resp, err)
	}
	// A host without a server block of its own gets no answer at all.
	for _, r := range []string{
		"GET /two/secret HTTP/1.1\r\nHost: other.localhost\r\nConnection: close\r\n\r\n",
		"GET http://other.localhost/two/secret HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
	} {
		if resp, err := rawHTTP(proxy, r); err == nil {
			t.Fatalf("%q: %+v, want the connection closed", r, resp)
		}
	}

	// Logout closes the site again.
	c.post("/logout", nil)
	c.expectPage(c.do(mustGet(t, proxy+"/two")), 200, "/login")
	c.expectPage(c.do(mustGet(t, proxy+"/one")), 200, "/login")
	expectSite(t, c1.do(mustGet(t, proxy+"/one")), "/one", oneID, one)
}

// rawHTTP writes req, a whole HTTP/1.1 request as a client other than a
// browser may send it, to the server at base and reads the answer.
func rawHTTP(base, req string) (pageResp, error) {
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 5*time.Second)
	if err != nil {
		return pageResp{}, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		return pageResp{}, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return pageResp{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return pageResp{status: resp.StatusCode, header: resp.Header, body: string(body)}, err
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
// TestNginxForwardAuth runs, with example hosts and addresses.
func TestREADMENginxConfig(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example := strings.NewReplacer("HOST", "wiki.example.com", "ORIGIN", "https://wiki.example.com",
		"LISTEN", "443 ssl", "TWOFA", "127.0.0.1:8080", "SITE", "127.0.0.1:3000")
	for _, conf := range []string{nginxSiteConf, nginxDefaultServer} {
		if conf = strings.TrimSpace(example.Replace(conf)); !strings.Contains(string(readme), conf) {
			t.Errorf("README.md does not show the nginx configuration the test runs:\n%s", conf)
		}
	}
}
