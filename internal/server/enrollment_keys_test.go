package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// securityPage returns the Security page as the browser of session token
// sees it.
func (e *env) securityPage(token string) string {
	e.t.Helper()
	req := httptest.NewRequest("GET", "/account/security", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		e.t.Fatalf("GET /account/security: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// TestEnrollmentSecurityKey: under a 2FA policy that requires a second
// factor of every account with no grace period, an account with neither
// an app nor a key is restricted, may still register a security key
// through the API, and with it is enrolled: no longer restricted, and
// /me requires nothing. Removing its last key restricts it again.
func TestEnrollmentSecurityKey(t *testing.T) {
	onBothStores(t, func(t *testing.T, e *env) {
		changes := map[string]json.RawMessage{"enforcement": json.RawMessage(`"all"`), "enforcementGrace": json.RawMessage(`"0s"`)}
		if _, err := e.Svc.UpdateSettings(context.Background(), changes, core.CommandLine()); err != nil {
			t.Fatal(err)
		}
		const addr = "kim@example.com"
		token, a := e.newKeyAccount(addr)
		e.expect(e.call("GET", "/api/v1/me/sessions", token, nil), 403, "2fa-enrollment-required")
		page := e.securityPage(token)
		for _, want := range []string{"requires an authenticator app or a security key", `id="keys-enrol"`, "or add a security key"} {
			if !strings.Contains(page, want) {
				t.Errorf("the Security page of a restricted account lacks %q", want)
			}
		}

		id := e.registerKey(token, addr, a, nil, "Blue key")
		e.expect(e.call("GET", "/api/v1/me/sessions", token, nil), 200, "")
		me := e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
		if enr, _ := me.body["enrollment"].(map[string]any); enr["required"] != false || enr["restricted"] != false {
			t.Fatalf("enrollment of an account with a security key: %v", enr)
		}
		if strings.Contains(e.securityPage(token), "enrollment-banner") {
			t.Error("the banner is still shown with a security key")
		}

		e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+id, token, nil, e.keyProof(token, a)...), 200, "")
		e.expect(e.call("GET", "/api/v1/me/sessions", token, nil), 403, "2fa-enrollment-required")
		me = e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
		if enr, _ := me.body["enrollment"].(map[string]any); enr["required"] != true || enr["restricted"] != true {
			t.Fatalf("enrollment once the last key is removed: %v", enr)
		}
	})
}
