package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// admin makes an administrator from the command line and signs it in by
// email code; it returns the session token.
func (e *env) admin(email string) string {
	e.t.Helper()
	_, err := e.Svc.CreateAdmin(context.Background(), core.SignUpInput{Email: email, Password: testPassword, Name: "Admin"}, core.CommandLine())
	if err != nil {
		e.t.Fatal(err)
	}
	return e.loginEmail(email)
}

// setting returns one setting of a settings answer.
func setting(r reply, name string) map[string]any {
	settings, _ := r.body["settings"].(map[string]any)
	s, _ := settings[name].(map[string]any)
	return s
}

// TestSettingsAPI: administrators read every setting with its source, and
// change settings as an administrative change (a recent second factor or
// a proof in the headers); bad values are refused with the field named.
func TestSettingsAPI(t *testing.T) {
	e := newEnv(t)
	boss := e.admin("boss@example.com")
	e.signUp("user@example.com")
	user := e.loginEmail("user@example.com")

	e.expect(e.call("GET", "/api/v1/admin/settings", "", nil), 401, "unauthenticated")
	e.expect(e.call("GET", "/api/v1/admin/settings", user, nil), 403, "forbidden")
	e.expect(e.call("PUT", "/api/v1/admin/settings", user, map[string]any{"totpSkew": 2}), 403, "forbidden")
	r := e.expect(e.call("GET", "/api/v1/admin/settings", boss, nil), 200, "")
	if s := setting(r, "totpSkew"); s["value"] != float64(1) || s["origin"] != "default" || s["source"] != "default" || s["kind"] != "int" {
		t.Fatalf("totpSkew: %v", s)
	}
	if s := setting(r, "allowedMethods"); s["kind"] != "methods" || len(s["value"].([]any)) != 2 {
		t.Fatalf("allowedMethods: %v", s)
	}

	r = e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"totpSkew": 2, "emailCodeTtl": "15m"}), 200, "")
	s := setting(r, "emailCodeTtl")
	if s["value"] != "15m" || s["default"] != "10m" || s["origin"] != "admin" || s["setBy"] != "boss@example.com" ||
		s["source"] != "set by boss@example.com on 2026-11-26 12:00 UTC" {
		t.Fatalf("emailCodeTtl after the change: %v", s)
	}
	if e.Svc.Config().TOTPSkew != 2 {
		t.Fatal("the change is not in force")
	}
	for _, c := range []struct {
		body  any
		field string
	}{
		{map[string]any{"totpSkew": 5}, "totpSkew"},
		{map[string]any{"emailCodeTtl": "soon"}, "emailCodeTtl"},
		{map[string]any{"enforcement": "some"}, "enforcement"},
		{map[string]any{"sessionTtl": "1h"}, "sessionTtl"},
		{`{"totpSkew": 1} {}`, "body"},
		{`[1]`, "body"},
	} {
		r := e.expect(e.call("PUT", "/api/v1/admin/settings", boss, c.body), 400, "bad-request")
		if r.str("field") != c.field || !strings.HasPrefix(r.str("message"), c.field+": ") {
			t.Errorf("%v: field %q, message %q; want the field %s named", c.body, r.str("field"), r.str("message"), c.field)
		}
	}

	// An hour on, the login's second factor is no longer fresh: a change
	// needs a proof.
	e.Clock.Advance(time.Hour)
	r = e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"emailCodeTtl": nil}, "X-2FA-Method", "email"), 403, "2fa-required")
	if r.body["codeSent"] != true {
		t.Fatalf("no code mailed: %s", r.raw)
	}
	r = e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"emailCodeTtl": nil},
		"X-2FA-Method", "email", "X-2FA-Code", e.stepUpCode("boss@example.com")), 200, "")
	if s := setting(r, "emailCodeTtl"); s["value"] != "10m" || s["origin"] != "default" {
		t.Fatalf("emailCodeTtl after null: %v", s)
	}
	ev := e.expect(e.call("GET", "/api/v1/me/events", boss, nil), 200, "")
	events, _ := ev.body["events"].([]any)
	if first, _ := events[0].(map[string]any); first["type"] != "settings-changed" || first["detail"] != "emailCodeTtl 15m -> 10m (default) by boss@example.com" {
		t.Fatalf("newest event of the administrator: %v", first)
	}
}

// TestSignupClosed: with sign-up closed, the API and the page answer 403
// signup-closed, and the pages stop offering sign-up.
func TestSignupClosed(t *testing.T) {
	e := newEnv(t)
	boss := e.admin("boss@example.com")
	c := e.pageClient()
	c.expectPage(c.get("/login"), 200, "/login", `href="/signup"`)
	e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"signupOpen": false}), 200, "")
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{"email": "new@example.com", "password": testPassword, "name": "N"}), 403, "signup-closed")
	c.expectPage(c.get("/signup"), 403, "/signup", "Sign-up is closed")
	c.expectPage(c.post("/signup", map[string][]string{"email": {"new@example.com"}, "password": {testPassword}, "name": {"N"}}), 403, "/signup", "Sign-up is closed")
	if p := c.expectPage(c.get("/login"), 200, "/login"); strings.Contains(p.body, `href="/signup"`) {
		t.Error("the login page links to the closed sign-up")
	}
	e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"signupOpen": true}), 200, "")
	e.signUp("new@example.com")
}

// publicRoutes are the API routes that take no session (or read it
// themselves, as logout and the forward-auth checks do).
var publicRoutes = map[string]bool{
	"POST /api/v1/signup": true, "POST /api/v1/login": true, "POST /api/v1/login/2fa": true,
	"POST /api/v1/login/2fa/email": true, "POST /api/v1/logout": true, "POST /api/v1/email/undo": true,
	"GET /api/v1/authz/auth-request": true, "GET /api/v1/authz/forward-auth": true,
	"POST /api/v1/password/forgot": true, "POST /api/v1/password/reset": true,
	"POST /api/v1/login/2fa/webauthn/begin": true, "POST /api/v1/login/2fa/webauthn/finish": true,
	"POST /api/v1/login/passkey/begin": true, "POST /api/v1/login/passkey/finish": true,
}

// TestEnrollmentEnforcedAPI: with an authenticator app required of every
// account, an account without one works as before during its grace period
// and is told how much is left; after the deadline every API route but
// reading the account and setting up the app answers 403
// 2fa-enrollment-required, as does forward-auth; setting up the app lifts
// it. An account with an app is never restricted. On SQLite and
// PostgreSQL.
func TestEnrollmentEnforcedAPI(t *testing.T) {
	for _, b := range []struct {
		name string
		new  func(t testing.TB, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *coretest.Rig
	}{{"sqlite", coretest.New}, {"postgres", coretest.NewPostgres}} {
		t.Run(b.name, func(t *testing.T) {
			e := envOn(t, b.new(t, nil), Options{})
			boss := e.admin("boss@example.com")
			e.signUp("user@example.com")
			user := e.loginEmail("user@example.com")
			e.signUp("app@example.com")
			withApp := e.loginEmail("app@example.com")
			e.enableTOTP(withApp)

			e.Clock.Advance(24 * time.Hour)
			e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"enforcement": "all", "enforcementGrace": "72h"}), 403, "2fa-required")
			r := e.expect(e.call("PUT", "/api/v1/admin/settings", boss, map[string]any{"enforcement": "all", "enforcementGrace": "72h"},
				"X-2FA-Method", "email", "X-2FA-Code", e.stepUpCode("boss@example.com")), 200, "")
			on := e.Clock.Now()
			if since, _ := r.body["enforcedSince"].(map[string]any); since["user"] != on.Format(time.RFC3339) {
				t.Fatalf("enforcedSince %v, want users from %s", r.body["enforcedSince"], on)
			}

			// During the grace period everything works, and /me tells.
			e.Clock.Advance(24 * time.Hour)
			me := e.expect(e.call("GET", "/api/v1/me", user, nil), 200, "")
			enr, _ := me.body["enrollment"].(map[string]any)
			if enr["required"] != true || enr["restricted"] != false || enr["graceLeftSeconds"] != float64(2*24*3600) ||
				enr["deadline"] != on.Add(3*24*time.Hour).Format(time.RFC3339) {
				t.Fatalf("enrollment during the grace: %v", enr)
			}
			e.expect(e.call("GET", "/api/v1/me/sessions", user, nil), 200, "")
			if enr, _ := e.expect(e.call("GET", "/api/v1/me", withApp, nil), 200, "").body["enrollment"].(map[string]any); enr["required"] != false {
				t.Fatalf("enrollment of an account with an app: %v", enr)
			}

			// Past the deadline.
			e.Clock.Advance(2 * 24 * time.Hour)
			me = e.expect(e.call("GET", "/api/v1/me", user, nil), 200, "")
			if enr, _ := me.body["enrollment"].(map[string]any); enr["restricted"] != true || enr["graceLeftSeconds"] != float64(0) {
				t.Fatalf("enrollment past the deadline: %v", enr)
			}
			for _, route := range sourceRoutes(t) {
				method, path, _ := strings.Cut(route, " ")
				if !strings.HasPrefix(path, "/api/") || publicRoutes[route] || enrollmentRoutes[route] {
					continue
				}
				path = strings.NewReplacer("{id}", "s_x", "{clientId}", "c_x").Replace(path)
				r := e.call(method, path, user, nil)
				if r.status != 403 || r.str("error") != "2fa-enrollment-required" {
					t.Errorf("%s for a restricted account: %d %s", route, r.status, r.raw)
				}
			}
			e.expect(e.call("GET", "/api/v1/me/sessions", withApp, nil), 200, "")
			fa := httptest.NewRequest("GET", "/api/v1/authz/forward-auth", nil)
			fa.AddCookie(&http.Cookie{Name: sessionCookie, Value: user})
			fa.Header.Set("X-Forwarded-Proto", "https")
			fa.Header.Set("X-Forwarded-Host", "app.example.com")
			fa.Header.Set("X-Forwarded-Uri", "/")
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, fa)
			if rec.Code != http.StatusFound || !strings.HasSuffix(rec.Header().Get("Location"), enrollmentPage) || !strings.Contains(rec.Body.String(), "2fa-enrollment-required") {
				t.Errorf("forward-auth for a restricted session: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body)
			}

			// Setting up the app (setup with the step-up it asks for,
			// verify) lifts the restriction.
			_, codes := e.enableTOTP(user)
			if len(codes) == 0 {
				t.Fatal("no recovery codes after the verify")
			}
			e.expect(e.call("GET", "/api/v1/me/sessions", user, nil), 200, "")

			// Administrators only: users are spared; an administrator
			// without an app is not, also on the admin API.
			if _, err := e.Svc.UpdateSettings(context.Background(), map[string]json.RawMessage{"enforcement": json.RawMessage(`"admins"`)}, core.CommandLine()); err != nil {
				t.Fatal(err)
			}
			e.signUp("other@example.com")
			other := e.loginEmail("other@example.com")
			e.expect(e.call("GET", "/api/v1/me/sessions", other, nil), 200, "")
			e.expect(e.call("GET", "/api/v1/admin/settings", boss, nil), 403, "2fa-enrollment-required")
		})
	}
}
