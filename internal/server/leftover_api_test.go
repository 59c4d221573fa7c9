package server

import (
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestNoEnglishInAPIMessages sends the API a sample of bad requests with
// Accept-Language de, then ar: each answer's message is in that language,
// with no run of English words (its error code stays as it is).
func TestNoEnglishInAPIMessages(t *testing.T) {
	e := newEnv(t)
	a := newAdminEnv(e)
	userSecret, _ := e.enableTOTP(a.userToken)
	for _, lang := range []string{"de", "ar"} {
		call := func(method, path, token string, body any, status int, code string, headers ...string) {
			t.Helper()
			r := e.expect(e.call(method, path, token, body, append([]string{"Accept-Language", lang}, headers...)...), status, code)
			if lang == "ar" && !arabicScript.MatchString(r.str("message")) {
				t.Errorf("%s %s (%s): the Arabic message has no Arabic: %q", method, path, code, r.str("message"))
			}
			if r.str("message") == "" {
				t.Errorf("%s %s: no message: %s", method, path, r.raw)
			}
			if runs := englishRuns(lang, withoutData(r.str("message"))); len(runs) > 0 {
				t.Errorf("%s %s (%s): English %q in %q", method, path, code, runs, r.str("message"))
			}
		}
		call("POST", "/api/v1/signup", "", map[string]string{"email": "x@example.com", "password": "short", "name": "X"}, 400, "bad-request")
		call("POST", "/api/v1/signup", "", map[string]string{"email": "not an address", "password": testPassword, "name": "X"}, 400, "bad-request")
		call("POST", "/api/v1/signup", "", map[string]string{"email": userAddr, "password": testPassword, "name": "X"}, 409, "email-taken")
		call("POST", "/api/v1/login", "", map[string]string{"email": userAddr, "password": "not the password"}, 401, "invalid-credentials")
		call("POST", "/api/v1/login", "", `{"email": 5}`, 400, "bad-request")
		call("POST", "/api/v1/login", "", `{"email": `, 400, "bad-request")
		call("GET", "/api/v1/login", "", nil, 405, "method-not-allowed")
		call("GET", "/api/v1/nothing", "", nil, 404, "not-found")
		call("GET", "/api/v1/me", "", nil, 401, "unauthenticated")
		r := e.expect(e.login(userAddr, testPassword, ""), 401, "2fa-required")
		call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "totp", "code": coretest.WrongTOTP(t, userSecret, e.Clock.Now())}, 401, "2fa-invalid")
		call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "sms", "code": "1"}, 400, "method-unavailable")
		call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": "nope", "method": "totp", "code": "123456"}, 410, "challenge-expired")
		call("POST", "/api/v1/password/reset", "", map[string]string{"token": "nope", "password": testPassword}, 400, "reset-token-invalid")
		call("POST", "/api/v1/email/undo", "", map[string]string{"token": "nope"}, 410, "undo-invalid")
		call("POST", "/api/v1/me/language", a.userToken, map[string]string{"language": "xx"}, 400, "bad-request")
		call("POST", "/api/v1/me/2fa/totp/disable", a.userToken, nil, 403, "2fa-required")
		call("DELETE", "/api/v1/me/sessions/s_nope", a.userToken, nil, 404, "not-found")
		call("GET", "/api/v1/admin/users", a.userToken, nil, 403, "forbidden")
		call("GET", "/api/v1/admin/users?factor=sms", a.adminToken, nil, 400, "bad-request")
		call("GET", "/api/v1/admin/users?limit=0", a.adminToken, nil, 400, "bad-request")
		call("PUT", "/api/v1/admin/settings", a.adminToken, map[string]any{"emailCodeTtl": "soon"}, 400, "bad-request", a.proof()...)
		call("PUT", "/api/v1/admin/settings", a.adminToken, map[string]any{"totpSkew": 7}, 400, "bad-request", a.proof()...)
		call("POST", "/api/v1/login", "", map[string]string{"email": "a@example.com", "password": "x"}, 403, "cross-origin",
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		call("POST", "/api/v1/login", "", `{"email":"`+strings.Repeat("x", maxBody)+`"}`, 413, "body-too-large")
	}
	a.lockOut(userAddr, userSecret)
	r := e.call("POST", "/api/v1/login", "", map[string]string{"email": userAddr, "password": testPassword}, "Accept-Language", "de")
	if r.status == 401 {
		r = e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "totp", "code": "000000"}, "Accept-Language", "de")
	}
	e.expect(r, 429, "too-many-attempts")
	if runs := englishRuns("de", withoutData(r.str("message"))); len(runs) > 0 {
		t.Errorf("too many attempts: English %q in %q", runs, r.str("message"))
	}
}
