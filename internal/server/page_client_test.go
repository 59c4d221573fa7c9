package server

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// pageClient is a browser without JavaScript: a cookie jar, redirects
// followed, forms posted as application/x-www-form-urlencoded. It keeps
// every HTML page it got, to check them all for inline code.
type pageClient struct {
	t     *testing.T
	e     *env
	c     *http.Client
	pages []pageResp
}

// pageResp is one answer, after redirects.
type pageResp struct {
	status int
	url    *url.URL
	header http.Header
	body   string
}

func (e *env) pageClient() *pageClient {
	e.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &pageClient{t: e.t, e: e, c: &http.Client{Jar: jar}}
}

func (c *pageClient) do(req *http.Request) pageResp {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	p := pageResp{status: resp.StatusCode, url: resp.Request.URL, header: resp.Header, body: string(body)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		c.pages = append(c.pages, p)
	}
	return p
}

func (c *pageClient) get(path string) pageResp {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

func (c *pageClient) post(path string, form url.Values) pageResp {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var formActionRe = regexp.MustCompile(`<form method="post" action="([^"]*)"`)

// submit posts form to the action of the first form on p whose action
// starts with prefix, as a browser would; the test fails when p has none.
func (c *pageClient) submit(p pageResp, prefix string, form url.Values) pageResp {
	c.t.Helper()
	for _, m := range formActionRe.FindAllStringSubmatch(p.body, -1) {
		if action := html.UnescapeString(m[1]); strings.HasPrefix(action, prefix) {
			return c.post(action, form)
		}
	}
	c.t.Fatalf("no form posting to %s on %s:\n%s", prefix, p.url, p.body)
	return pageResp{}
}

// cookie returns the value of the named cookie the jar holds.
func (c *pageClient) cookie(name string) string {
	u, _ := url.Parse(c.e.srv.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// expectPage fails unless p has status, ends at path and holds every
// want text.
func (c *pageClient) expectPage(p pageResp, status int, path string, want ...string) pageResp {
	c.t.Helper()
	if p.status != status || p.url.Path != path {
		c.t.Fatalf("got %d at %s, want %d at %s:\n%s", p.status, p.url, status, path, p.body)
	}
	for _, w := range want {
		if !strings.Contains(p.body, w) {
			c.t.Fatalf("page %s lacks %q:\n%s", p.url, w, p.body)
		}
	}
	return p
}

var (
	scriptTagRe   = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	dataBlockRe   = regexp.MustCompile(`^<script type="application/json" id="[a-z-]+">$`)
	styleAttrRe   = regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=`)
	styleTagRe    = regexp.MustCompile(`(?i)<style[\s>]`)
	inlineEventRe = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
)

// checkNoInlineCode fails when a page has what the CSP would block: a
// script without src (a data block of type application/json, which runs
// nothing, aside), a style attribute or element, an event handler
// attribute or a javascript: URL.
func checkNoInlineCode(t *testing.T, p pageResp) {
	t.Helper()
	for _, tag := range scriptTagRe.FindAllString(p.body, -1) {
		if !strings.Contains(tag, ` src="/static/`) && !dataBlockRe.MatchString(tag) {
			t.Errorf("%s: inline script %s", p.url, tag)
		}
	}
	for _, re := range []*regexp.Regexp{styleAttrRe, styleTagRe, inlineEventRe} {
		if m := re.FindString(p.body); m != "" {
			t.Errorf("%s: inline code %q", p.url, m)
		}
	}
	if strings.Contains(strings.ToLower(p.body), "javascript:") {
		t.Errorf("%s: javascript: URL", p.url)
	}
	if p.header.Get("Content-Security-Policy") != contentSecurityPolicy {
		t.Errorf("%s: CSP header = %q", p.url, p.header.Get("Content-Security-Policy"))
	}
}

var (
	qrDataURLRe    = regexp.MustCompile(`<img id="totp-qr" src="(data:image/png;base64,[^"]+)"`)
	totpSecretRe   = regexp.MustCompile(`<code id="totp-secret">([A-Z2-7 ]+)</code>`)
	recoveryCodeIn = regexp.MustCompile(`data-code="([a-z2-9]{5}-[a-z2-9]{5})"`)
)

// setupSecret returns the secret shown on a TOTP setup page, without the
// spaces that group it.
func setupSecret(t *testing.T, p pageResp) string {
	t.Helper()
	m := totpSecretRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no secret on %s:\n%s", p.url, p.body)
	}
	return strings.ReplaceAll(m[1], " ", "")
}

// shownCodes returns the recovery codes on a page.
func shownCodes(p pageResp) []string {
	var out []string
	for _, m := range recoveryCodeIn.FindAllStringSubmatch(p.body, -1) {
		out = append(out, m[1])
	}
	return out
}
