package server

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// Addresses of the accounts of the admin tests.
const (
	adminAddr = "admin@example.com"
	userAddr  = "user@example.com"
)

// adminEnv is a twofa with an administrator who has an authenticator app
// and a user with email codes, both signed in through the API.
type adminEnv struct {
	*env
	adminID, adminToken, adminSecret string
	userID, userToken                string
}

// newAdminEnv makes the administrator (from the command line, as an
// operator does) and the user on e. The administrator's session has just
// proved a second factor.
func newAdminEnv(e *env) *adminEnv {
	e.t.Helper()
	admin, err := e.Svc.CreateAdmin(context.Background(),
		core.SignUpInput{Email: adminAddr, Password: testPassword, Name: "Ada Admin"}, core.CommandLine())
	if err != nil {
		e.t.Fatal(err)
	}
	a := &adminEnv{env: e, adminID: admin.ID}
	a.adminToken = e.loginEmail(adminAddr)
	a.adminSecret, _ = e.enableTOTP(a.adminToken)
	e.signUp(userAddr)
	a.userToken = e.loginEmail(userAddr)
	a.userID = e.expect(e.call("GET", "/api/v1/me", a.userToken, nil), 200, "").str("id")
	return a
}

// stale moves the clock past the freshness of the administrator's last
// second factor (and to a TOTP step not used yet).
func (a *adminEnv) stale() {
	a.Clock.Advance(a.Svc.Config().StepUpFreshness + time.Minute)
}

// proof returns the X-2FA headers with the administrator's TOTP code of
// now.
func (a *adminEnv) proof() []string {
	return []string{"X-2FA-Method", core.MethodTOTP, "X-2FA-Code", coretest.TOTPCode(a.t, a.adminSecret, a.Clock.Now())}
}

// adminAPIRoutes returns the admin API routes routes.go registers, as
// "METHOD /path".
func adminAPIRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range sourceRoutes(t) {
		if strings.Contains(r, " /api/v1/admin/") {
			out = append(out, r)
		}
	}
	if len(out) < 9 {
		t.Fatalf("found only %d admin routes in routes.go: %v", len(out), out)
	}
	return out
}

// actionPrefix starts the path of every action on an account.
const actionPrefix = "POST /api/v1/admin/users/{id}/"

// actionNames returns the names of the actions on an account, from the
// routes.
func actionNames(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range adminAPIRoutes(t) {
		if name, ok := strings.CutPrefix(r, actionPrefix); ok {
			out = append(out, name)
		}
	}
	return out
}

// actionBody is a body each action accepts.
func actionBody(name string) any {
	if name == "role" {
		return map[string]string{"role": core.RoleAdmin}
	}
	return nil
}

// detail returns the admin API's view of the account id.
func (a *adminEnv) detail(id string) reply {
	a.t.Helper()
	return a.expect(a.call("GET", "/api/v1/admin/users/"+id, a.adminToken, nil), 200, "")
}

// act runs the action name on the account id, as a fresh administrator,
// and expects status and code.
func (a *adminEnv) act(name, id string, body any, status int, code string) reply {
	a.t.Helper()
	return a.expect(a.call("POST", "/api/v1/admin/users/"+id+"/"+name, a.adminToken, body), status, code)
}

// lastEvent returns the newest event of the account as the admin API
// lists it.
func (a *adminEnv) lastEvent(id string) map[string]any {
	a.t.Helper()
	events, _ := a.detail(id).body["events"].([]any)
	if len(events) == 0 {
		a.t.Fatalf("account %s has no events", id)
	}
	return events[0].(map[string]any)
}

// lockOut enters wrong TOTP codes at login for addr until its code entry
// locks.
func (a *adminEnv) lockOut(addr, secret string) {
	a.t.Helper()
	wrong := coretest.WrongTOTP(a.t, secret, a.Clock.Now())
	for range 10 {
		r := a.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword})
		if r.status == 429 {
			return
		}
		a.expect(r, 401, "2fa-required")
		r = a.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "totp", "code": wrong})
		if r.status == 429 {
			return
		}
		a.expect(r, 401, "2fa-invalid")
	}
	a.t.Fatalf("%s did not lock after 10 wrong codes", addr)
}

// emails lists the addresses of a page of the user list.
func emails(r reply) []string {
	var out []string
	list, _ := r.body["users"].([]any)
	for _, u := range list {
		out = append(out, u.(map[string]any)["email"].(string))
	}
	return out
}

// waitReset waits for the mail telling addr its 2FA was reset.
func (a *adminEnv) waitReset(addr string) {
	a.t.Helper()
	a.WaitMail(addr, regexp.MustCompile("two-factor authentication was reset"))
}

// sameStrings fails unless got and want hold the same strings in order.
func sameStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
