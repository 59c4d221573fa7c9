package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// tcpProxy forwards TCP connections from a loopback port to target, until
// cut ends it and every connection through it.
type tcpProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	cut    bool
}

func startTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(p.cutAll)
	return p
}

func (p *tcpProxy) serve() {
	for {
		down, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			down.Close()
			continue
		}
		if !p.track(down, up) {
			return
		}
		go func() { io.Copy(up, down); up.Close(); down.Close() }()
		go func() { io.Copy(down, up); up.Close(); down.Close() }()
	}
}

// track remembers conns, or closes them and says false once cut.
func (p *tcpProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	p.conns = append(p.conns, conns...)
	return true
}

// cutAll stops accepting and closes every connection made through p, as
// a database host going away would.
func (p *tcpProxy) cutAll() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseAwayIs503: when PostgreSQL cannot be reached, a request that
// needs it answers 503 unavailable with Retry-After, in JSON for the API
// and on an HTML page for the pages, never 500.
func TestDatabaseAwayIs503(t *testing.T) {
	dsn := pgtest.Schema(t)
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL for this test", pgtest.EnvVar)
	}
	proxy := startTCPProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	ctx := context.Background()
	st, err := postgres.Open(ctx, u.String(), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := envOn(t, coretest.NewOn(t, st, nil, func(c *core.Config) { c.Email2FADefault = false }), Options{})

	e.signUp("away@example.com")
	login := map[string]string{"email": "away@example.com", "password": testPassword}
	token := e.expect(e.call("POST", "/api/v1/login", "", login), 200, "").str("token")

	proxy.cutAll()

	for _, c := range []struct {
		method, path, token string
		body                any
	}{
		{"POST", "/api/v1/login", "", login},
		{"GET", "/api/v1/me", token, nil},
		{"POST", "/api/v1/signup", "", map[string]string{"email": "new@example.com", "password": testPassword, "name": "N"}},
	} {
		r := e.expect(e.call(c.method, c.path, c.token, c.body), http.StatusServiceUnavailable, core.CodeUnavailable)
		if r.header.Get("Retry-After") == "" || r.num("retryAfter") <= 0 {
			t.Errorf("%s %s: 503 without Retry-After or retryAfter: %v %s", c.method, c.path, r.header, r.raw)
		}
	}

	// Pages: the login form and a signed-in page.
	form := url.Values{"email": {"away@example.com"}, "password": {testPassword}}.Encode()
	for _, req := range []*http.Request{
		httptest.NewRequest("POST", "/login", strings.NewReader(form)),
		httptest.NewRequest("GET", "/account/security", nil),
	} {
		if req.Method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		}
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), "cannot reach its database") {
			t.Errorf("%s %s: %d, Retry-After %q, %s: want a 503 page with Retry-After\n%s", req.Method, req.URL.Path, rec.Code,
				rec.Header().Get("Retry-After"), rec.Header().Get("Content-Type"), rec.Body)
		}
	}
}
