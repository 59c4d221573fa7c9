package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// FuzzDecodeJSON feeds arbitrary bodies to the JSON decoder every API route
// uses: it must never panic, and every refusal must be an API error with a
// code (so the client gets a clear answer, not a 500).
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `{"email":"a@b.c","password":"0123456789","name":"A"}`, `{"email":5}`,
		`{"email":"a"} {}`, `[]`, `null`, `{"admin":true}`, `{"email":"\u0000"}`, `{`, `"x"`,
		"{\"password\":\"\xff\"}", `{"name":"\udc00"}`, `{"name":"\ud83d\ude00"}`,
	} {
		f.Add([]byte(seed), "application/json")
	}
	f.Add([]byte(`{}`), "text/plain")
	f.Add([]byte(`{}`), "application/merge-patch+json; charset=utf-8")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		r := httptest.NewRequest("POST", "/api/v1/signup", bytes.NewReader(body))
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		var v struct {
			Email    string `json:"email"`
			Password string `json:"password"`
			Name     string `json:"name"`
		}
		err := decodeJSON(r, &v)
		if err == nil {
			return
		}
		e, ok := core.AsError(err)
		if !ok {
			t.Fatalf("decode error %v is not an API error", err)
		}
		if s := statusOf(e.Code, false); s < 400 || s >= 500 {
			t.Fatalf("decode error %q maps to status %d, want 4xx", e.Code, s)
		}
	})
}

// FuzzAuthHeaders feeds arbitrary Authorization, cookie and step-up headers
// to the code that reads them.
func FuzzAuthHeaders(f *testing.F) {
	f.Add("Bearer abc", "twofa_session=xyz", "TOTP", "123 456")
	f.Add("Basic dXNlcjpwYXNz", "", "password", "")
	f.Add("", "twofa_session=; other=1", "", "\x00")
	f.Add("bearer 0", "", "", "") // found by CI: lower-case scheme is valid
	f.Add(" BEARER  tok ", "", "", "")
	f.Fuzz(func(t *testing.T, authz, cookie, method, code string) {
		r := httptest.NewRequest("GET", "/api/v1/me", nil)
		r.Header = http.Header{}
		r.Header.Set("Authorization", authz)
		r.Header.Set("Cookie", cookie)
		r.Header.Set("X-2FA-Method", method)
		r.Header.Set("X-2FA-Code", code)
		tok := (&server{}).sessionToken(r)
		// The auth scheme is case-insensitive (RFC 9110 section 11.1) and
		// the header's surrounding whitespace is not part of it.
		sent := strings.TrimSpace(r.Header.Get("Authorization"))
		isBearer := len(sent) > len("Bearer ") && strings.EqualFold(sent[:len("Bearer ")], "Bearer ")
		if !isBearer && tok != rawCookie(r, sessionCookie) {
			t.Fatalf("Authorization %q (not Bearer) gave token %q, not the cookie's", sent, tok)
		}
		if isBearer && tok != strings.TrimSpace(sent[len("Bearer "):]) {
			t.Fatalf("Authorization %q gave token %q", sent, tok)
		}
		p := proofFromHeaders(r)
		if p.Method != "" && p.Method != string(bytes.ToLower([]byte(p.Method))) {
			t.Fatalf("method %q not lower-cased", p.Method)
		}
	})
}
