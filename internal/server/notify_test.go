package server

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// TestNotificationsAndAudit: each security event mails the owner and
// lands in the audit trail shown by GET /me/events.
func TestNotificationsAndAudit(t *testing.T) {
	e := newEnv(t)
	const fay = "fay@example.com"
	e.signUp(fay)
	token := e.loginEmail(fay)

	sec, _ := e.enableTOTP(token)
	e.WaitMail(fay, regexp.MustCompile(`authenticator app was enabled`))

	// A trusted device mails, and lists.
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": fay, "password": testPassword}, "User-Agent", "FayPhone/1.0"), 401, "2fa-required")
	e.Clock.Advance(30 * time.Second)
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]any{"challenge": r.str("challenge"), "method": "totp", "code": coretest.TOTPCode(e.t, sec, e.Clock.Now()), "rememberDevice": true}, "User-Agent", "FayPhone/1.0"), 200, "")
	device := r.str("deviceToken")
	if device == "" {
		t.Fatalf("no deviceToken: %s", r.raw)
	}
	e.WaitMail(fay, regexp.MustCompile(`new device was trusted`))
	r = e.expect(e.call("GET", "/api/v1/me/devices", token, nil), 200, "")
	devices, _ := r.body["devices"].([]any)
	if len(devices) != 1 || devices[0].(map[string]any)["userAgent"] != "FayPhone/1.0" || devices[0].(map[string]any)["ip"] != "127.0.0.1" {
		t.Fatalf("devices: %s", r.raw)
	}
	// The device skips the second step...
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": fay, "password": testPassword}, "X-2FA-Device", device), 200, "")
	// ...but not for another account.
	e.signUp("gus@example.com")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "gus@example.com", "password": testPassword}, "X-2FA-Device", device), 401, "2fa-required")

	// Turning email codes off mails and forgets trusted devices.
	e.Clock.Advance(30 * time.Second)
	e.expect(e.call("POST", "/api/v1/me/2fa/email/disable", token, nil, "X-2FA-Method", "totp", "X-2FA-Code", coretest.TOTPCode(e.t, sec, e.Clock.Now())), 200, "")
	e.WaitMail(fay, regexp.MustCompile(`Email codes were turned off`))
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": fay, "password": testPassword}, "X-2FA-Device", device), 401, "2fa-required")
	r = e.expect(e.call("GET", "/api/v1/me/devices", token, nil), 200, "")
	if devices, _ := r.body["devices"].([]any); len(devices) != 0 {
		t.Fatalf("devices after disabling a method: %s", r.raw)
	}

	// Five wrong codes lock and mail.
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": fay, "password": testPassword}), 401, "2fa-required")
	wrong := "000000"
	if wrong == coretest.TOTPCode(e.t, sec, e.Clock.Now()) {
		wrong = "111111"
	}
	for range 5 {
		e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "totp", "code": wrong}), 401, "2fa-invalid")
	}
	e.WaitMail(fay, regexp.MustCompile(`locked`))

	r = e.expect(e.call("GET", "/api/v1/me/events", token, nil), 200, "")
	var types []string
	for _, ev := range r.body["events"].([]any) {
		m := ev.(map[string]any)
		types = append(types, m["type"].(string))
		if counts, ok := m["counts"].(map[string]any); ok { // a collapsed run
			for typ := range counts {
				types = append(types, typ)
			}
		}
		if m["at"] == "" || m["ip"] != "127.0.0.1" {
			t.Fatalf("event without time or address: %v", m)
		}
	}
	for _, want := range []string{
		core.EventSignUp, core.EventLogin, core.EventTOTPEnabled, core.EventDeviceTrusted, core.EventLoginTrusted,
		core.EventEmail2FADisabled, core.EventDeviceRevoked, core.EventSecondFactorFailed, core.EventAccountLocked,
	} {
		if !slices.Contains(types, want) {
			t.Errorf("audit trail lacks %q: %v", want, types)
		}
	}
	if types[0] != core.EventAccountLocked && types[0] != core.EventSecondFactorFailed {
		t.Errorf("events are not newest first: %v", types)
	}
}

// TestSecureCookies: with an https base URL, cookies are Secure; the
// session token is rotated by each login step (the challenge is not a
// session).
func TestSecureCookies(t *testing.T) {
	rig := coretest.New(t, nil, func(c *core.Config) { c.Email2FADefault = false })
	h, err := New(Options{Service: rig.Svc, BaseURL: "https://id.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(path, body string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("/api/v1/signup", `{"email":"h@example.com","password":"`+testPassword+`","name":"H"}`); resp.StatusCode != 201 {
		t.Fatalf("signup %d", resp.StatusCode)
	}
	first := post("/api/v1/login", `{"email":"h@example.com","password":"`+testPassword+`"}`)
	second := post("/api/v1/login", `{"email":"h@example.com","password":"`+testPassword+`"}`)
	c1, c2 := first.Header.Get("Set-Cookie"), second.Header.Get("Set-Cookie")
	for _, c := range []string{c1, c2} {
		if !strings.Contains(c, "Secure") || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
			t.Fatalf("cookie %q lacks Secure, HttpOnly or SameSite=Lax", c)
		}
	}
	if c1 == c2 {
		t.Fatal("two logins got the same session cookie")
	}
}
