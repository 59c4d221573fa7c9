package server

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestAdminRoutesRefuseNonAdmins walks every admin route of routes.go
// (API) and of the admin pages: without a session they answer 401 (the
// pages send to the login); a user's fresh session, even on the user's
// own account (say, making itself an administrator), is answered 403
// forbidden; and nothing changed.
func TestAdminRoutesRefuseNonAdmins(t *testing.T) {
	e := newEnv(t)
	a := newAdminEnv(e)
	before := a.detail(a.adminID).raw
	for _, route := range adminAPIRoutes(t) {
		method, path, _ := strings.Cut(route, " ")
		name, _ := strings.CutPrefix(route, actionPrefix)
		for _, target := range []string{a.adminID, a.userID} {
			p := strings.ReplaceAll(path, "{id}", target)
			for _, tc := range []struct {
				token, code string
				status      int
			}{{"", "unauthenticated", 401}, {a.userToken, "forbidden", 403}} {
				if r := e.call(method, p, tc.token, actionBody(name)); r.status != tc.status || r.str("error") != tc.code {
					t.Errorf("%s %s (token %q): %d %s, want %d %s", method, p, tc.token, r.status, r.raw, tc.status, tc.code)
				}
			}
		}
	}

	c := e.pageClient()
	c.logIn(userAddr, testPassword)
	pages := []string{"/admin", "/admin/users", "/admin/users/" + a.userID, "/admin/users/" + a.adminID}
	for _, p := range pages {
		c.expectPage(c.get(p), 403, p, "Only administrators may do this")
	}
	for _, name := range actionNames(t) {
		form := url.Values{"role": {core.RoleAdmin}}
		for _, id := range []string{a.userID, a.adminID} {
			p := "/admin/users/" + id + "/" + name
			c.expectPage(c.post(p, form), 403, p, "Only administrators may do this")
		}
	}
	signedOut := e.pageClient()
	for _, p := range pages {
		signedOut.expectPage(signedOut.get(p), 200, "/login")
	}

	u, err := e.Store.UserByID(context.Background(), a.userID)
	if err != nil || u.Role != core.RoleUser || u.Disabled() || !u.Email2FA {
		t.Errorf("the user after the refused requests: %+v, %v", u, err)
	}
	e.expect(e.call("GET", "/api/v1/me", a.userToken, nil), 200, "")
	if after := a.detail(a.adminID).raw; string(after) != string(before) {
		t.Errorf("the administrator's account changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestAdminActionsNeedFreshSecondFactor: once the administrator's last
// second factor is older than the step-up freshness, every action answers
// 403 2fa-required and changes nothing; with a TOTP code in the X-2FA
// headers it is made, and the account's audit trail names the
// administrator.
func TestAdminActionsNeedFreshSecondFactor(t *testing.T) {
	e := newEnv(t)
	a := newAdminEnv(e)
	names := actionNames(t)
	// Deleting the account goes last: nothing can be done to it after.
	slices.SortStableFunc(names, func(x, y string) int { return boolCmp(x == "delete", y == "delete") })
	for _, name := range names {
		a.stale()
		path := "/api/v1/admin/users/" + a.userID + "/" + name
		events := a.detail(a.userID).raw
		r := e.expect(e.call("POST", path, a.adminToken, actionBody(name)), 403, "2fa-required")
		if !slices.Contains(r.strings("methods"), core.MethodTOTP) {
			t.Errorf("%s: 2fa-required offers %v, want totp among them", name, r.strings("methods"))
		}
		if got := a.detail(a.userID).raw; string(got) != string(events) {
			t.Errorf("%s without a proof changed the account:\nbefore %s\nafter  %s", name, events, got)
		}
		e.expect(e.call("POST", path, a.adminToken, actionBody(name), a.proof()...), 204, "")
		if name == "delete" { // the account and its events are gone
			e.expect(e.call("GET", "/api/v1/admin/users/"+a.userID, a.adminToken, nil), 404, "not-found")
			continue
		}
		if ev := a.lastEvent(a.userID); !strings.HasSuffix(ev["detail"].(string), "by "+adminAddr) {
			t.Errorf("%s: the account's last event is %v, want one by %s", name, ev, adminAddr)
		}
	}
	// A wrong code is refused as such.
	a.stale()
	e.expect(e.call("POST", "/api/v1/admin/users/"+a.userID+"/unlock", a.adminToken, nil,
		"X-2FA-Method", "totp", "X-2FA-Code", "000000"), 403, "2fa-invalid")
}

// TestAdminActionEffects makes each action on a user and checks what it
// did, through the API, on both stores.
func TestAdminActionEffects(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		a := newAdminEnv(e)
		userSecret, _ := e.enableTOTP(a.userToken)
		d := a.detail(a.userID)
		if d.str("email") != userAddr || d.str("role") != core.RoleUser || d.str("lastLogin") == "" ||
			d.num("sessions") != 1 || d.body["disabledAt"] != nil {
			t.Fatalf("detail of the user: %s", d.raw)
		}
		tf := d.body["twoFactor"].(map[string]any)
		if fmt.Sprint(tf["totp"], tf["email"], tf["recoveryCodes"]) != "map[enabled:true] map[enabled:true] map[remaining:12]" {
			t.Errorf("twoFactor = %v", tf)
		}

		// Unlock.
		e.Clock.Advance(time.Minute)
		a.lockOut(userAddr, userSecret)
		locks, _ := a.detail(a.userID).body["locks"].([]any)
		if len(locks) != 1 || !strings.HasPrefix(locks[0].(map[string]any)["key"].(string), "2fa:"+a.userID+":") {
			t.Fatalf("locks after wrong codes = %v", locks)
		}
		a.act("unlock", a.userID, nil, 204, "")
		if locks, _ := a.detail(a.userID).body["locks"].([]any); len(locks) != 0 {
			t.Errorf("locks after unlock = %v", locks)
		}

		// Reset 2FA: the owner signs in with an emailed code.
		a.act("reset-2fa", a.userID, nil, 204, "")
		e.expect(e.call("GET", "/api/v1/me", a.userToken, nil), 401, "unauthenticated")
		a.waitReset(userAddr)
		d = a.detail(a.userID)
		tf = d.body["twoFactor"].(map[string]any)
		if fmt.Sprint(tf["totp"], tf["email"], tf["recoveryCodes"], d.num("sessions")) != "map[enabled:false] map[enabled:true] map[remaining:0] 0" {
			t.Errorf("after the reset: %s", d.raw)
		}
		if ev := a.lastEvent(a.userID); ev["type"] != core.EventTwoFactorReset || ev["detail"] != "by "+adminAddr {
			t.Errorf("last event after the reset = %v", ev)
		}
		token := e.loginEmail(userAddr)

		// End every session.
		a.act("end-sessions", a.userID, nil, 204, "")
		e.expect(e.call("GET", "/api/v1/me", token, nil), 401, "unauthenticated")

		// Disable, then enable.
		a.act("disable", a.userID, nil, 204, "")
		if a.detail(a.userID).str("disabledAt") == "" {
			t.Error("no disabledAt after disable")
		}
		e.expect(e.login(userAddr, testPassword, ""), 403, "account-disabled")
		sameStrings(t, "disabled accounts", emails(e.expect(e.call("GET", "/api/v1/admin/users?disabled=true", a.adminToken, nil), 200, "")),
			[]string{userAddr})
		a.act("enable", a.userID, nil, 204, "")
		token = e.loginEmail(userAddr)

		// Roles.
		e.expect(e.call("GET", "/api/v1/admin/dashboard", token, nil), 403, "forbidden")
		a.act("role", a.userID, map[string]string{"role": core.RoleAdmin}, 204, "")
		e.expect(e.call("GET", "/api/v1/admin/dashboard", token, nil), 200, "")
		a.act("role", a.adminID, map[string]string{"role": core.RoleUser}, 204, "")
		e.expect(e.call("GET", "/api/v1/admin/dashboard", a.adminToken, nil), 403, "forbidden")
		// The last administrator stays one, and enabled.
		e.expect(e.call("POST", "/api/v1/admin/users/"+a.userID+"/role", token, map[string]string{"role": core.RoleUser}), 409, "last-admin")
		e.expect(e.call("POST", "/api/v1/admin/users/"+a.userID+"/disable", token, nil), 409, "last-admin")

		// A password reset link for the former administrator, then its deletion.
		e.expect(e.call("POST", "/api/v1/admin/users/"+a.adminID+"/send-password-reset", token, nil), 204, "")
		if m := e.WaitMail(adminAddr, regexp.MustCompile("^Reset your")); !strings.Contains(m.Text, "An administrator asked") {
			t.Errorf("the reset mail does not say an administrator asked:\n%s", m.Text)
		}
		e.expect(e.call("POST", "/api/v1/admin/users/"+a.adminID+"/delete", token, nil), 204, "")
		e.expect(e.call("GET", "/api/v1/admin/users/"+a.adminID, token, nil), 404, "not-found")
		e.WaitMail(adminAddr, regexp.MustCompile("account was deleted"))
		e.expect(e.call("POST", "/api/v1/admin/users/"+a.userID+"/delete", token, nil), 409, "last-admin")

		// Bad requests.
		r := e.expect(e.call("POST", "/api/v1/admin/users/"+a.adminID+"/role", token, map[string]string{"role": "owner"}), 400, "bad-request")
		if r.str("field") != "role" {
			t.Errorf("bad role names field %q", r.str("field"))
		}
		r = e.expect(e.call("POST", "/api/v1/admin/users/"+a.adminID+"/unlock", token, map[string]int{"x": 1}), 400, "bad-request")
		if r.str("field") != "x" {
			t.Errorf("unknown field names field %q", r.str("field"))
		}
		for _, p := range []string{"/api/v1/admin/users/u_nobody", "/api/v1/admin/users/u_nobody/unlock"} {
			method := "GET"
			if strings.HasSuffix(p, "unlock") {
				method = "POST"
			}
			if r := e.expect(e.call(method, p, token, nil), 404, "not-found"); r.str("field") != "id" {
				t.Errorf("%s %s names field %q", method, p, r.str("field"))
			}
		}
	})
}

// TestAdminUserList pages through the accounts and searches them on both
// stores: every account comes exactly once, in order of address; the
// prefix ignores the case of A to Z; the filters hold; bad parameters are
// named.
func TestAdminUserList(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		a := newAdminEnv(e)
		ctx := context.Background()
		want := []string{adminAddr, userAddr}
		for i := range 23 {
			u := &core.User{ID: fmt.Sprintf("u_list%02d", i), Email: fmt.Sprintf("list%02d@example.com", i), Name: "List",
				PasswordHash: "x", CreatedAt: e.Clock.Now(), Email2FA: i%2 == 0}
			if err := e.Store.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			want = append(want, u.Email)
		}
		slices.Sort(want)

		var got []string
		pages := 0
		for next := ""; ; pages++ {
			r := e.expect(e.call("GET", "/api/v1/admin/users?limit=4&after="+url.QueryEscape(next), a.adminToken, nil), 200, "")
			got = append(got, emails(r)...)
			if next = r.str("next"); next == "" {
				break
			}
			if len(emails(r)) != 4 {
				t.Fatalf("a page before the last holds %d accounts: %s", len(emails(r)), r.raw)
			}
		}
		sameStrings(t, "every account, four at a time", got, want)
		if pages != 6 {
			t.Errorf("%d pages of 4 for %d accounts, want 7", pages+1, len(want))
		}

		r := e.expect(e.call("GET", "/api/v1/admin/users?q=LIST1", a.adminToken, nil), 200, "")
		sameStrings(t, `q=LIST1`, emails(r), []string{"list10@example.com", "list11@example.com", "list12@example.com",
			"list13@example.com", "list14@example.com", "list15@example.com", "list16@example.com", "list17@example.com",
			"list18@example.com", "list19@example.com"})
		r = e.expect(e.call("GET", "/api/v1/admin/users?q=list1&limit=3&after=list13%40example.com", a.adminToken, nil), 200, "")
		sameStrings(t, `q=list1 after list13`, emails(r), []string{"list14@example.com", "list15@example.com", "list16@example.com"})
		if r.str("next") != "list16@example.com" {
			t.Errorf("next = %q, want list16@example.com", r.str("next"))
		}
		sameStrings(t, "role=admin", emails(e.expect(e.call("GET", "/api/v1/admin/users?role=admin", a.adminToken, nil), 200, "")),
			[]string{adminAddr})
		r = e.expect(e.call("GET", "/api/v1/admin/users?factor=none&q=list0", a.adminToken, nil), 200, "")
		sameStrings(t, "factor=none", emails(r), []string{"list01@example.com", "list03@example.com", "list05@example.com",
			"list07@example.com", "list09@example.com"})
		sameStrings(t, "factor=totp", emails(e.expect(e.call("GET", "/api/v1/admin/users?factor=totp", a.adminToken, nil), 200, "")),
			[]string{adminAddr})
		r = e.expect(e.call("GET", "/api/v1/admin/users?q=user", a.adminToken, nil), 200, "")
		if u := r.body["users"].([]any)[0].(map[string]any); fmt.Sprintf("%v %v %v", u["id"], u["role"], u["twoFactor"]) !=
			a.userID+" user map[email:map[enabled:true] totp:map[enabled:false]]" {
			t.Errorf("the user in the list: %v", u)
		}
		if r := e.expect(e.call("GET", "/api/v1/admin/users?q=nobody", a.adminToken, nil), 200, ""); string(r.raw) != "{\"users\":[]}\n" {
			t.Errorf("no match = %s", r.raw)
		}

		for query, field := range map[string]string{
			"role=owner": "role", "factor=sms": "factor", "disabled=yes": "disabled", "limit=0": "limit",
			"limit=201": "limit", "q=a%00": "q", "q=%ff": "q", "after=%c3": "after",
		} {
			r := e.expect(e.call("GET", "/api/v1/admin/users?"+query, a.adminToken, nil), 400, "bad-request")
			if r.str("field") != field {
				t.Errorf("?%s names field %q, want %q", query, r.str("field"), field)
			}
		}
	})
}

// TestAdminDashboardAPI: the adoption counts and shares, and 30 days of
// activity ending today, with today's logins through a second factor.
func TestAdminDashboardAPI(t *testing.T) {
	e := newEnv(t)
	a := newAdminEnv(e)
	e.signUp("plain@example.com")
	r := e.expect(e.call("GET", "/api/v1/admin/dashboard", a.adminToken, nil), 200, "")
	if r.num("accounts") != 3 {
		t.Errorf("accounts = %d, want 3", r.num("accounts"))
	}
	if got := fmt.Sprint(r.body["secondFactors"]); got !=
		"map[emailOnly:map[count:2 share:0.6667] none:map[count:0 share:0] totp:map[count:1 share:0.3333]]" {
		t.Errorf("secondFactors = %s", got)
	}
	days := r.body["days"].([]any)
	if len(days) != core.DashboardDays {
		t.Fatalf("%d days, want %d", len(days), core.DashboardDays)
	}
	today := days[len(days)-1].(map[string]any)
	if fmt.Sprint(today) != fmt.Sprintf("map[day:%s failures:0 lockouts:0 successes:2]", e.Clock.Now().UTC().Format(time.DateOnly)) {
		t.Errorf("today = %v, want the two logins with an emailed code", today)
	}
	if first := days[0].(map[string]any); first["day"] != e.Clock.Now().UTC().AddDate(0, 0, -29).Format(time.DateOnly) {
		t.Errorf("first day = %v", first)
	}
	if drift := r.body["clockDrift"].([]any); len(drift) != 0 {
		t.Errorf("clockDrift with no app running off = %v", drift)
	}

	// An app whose clock runs 30 seconds fast, three logins in a row.
	const fast = "fast@example.com"
	e.signUp(fast)
	secret, _ := e.enableTOTP(e.loginEmail(fast))
	for range 3 {
		e.totpLoginAPI(fast, e.fastPhone(secret))
	}
	found := e.Clock.Now().UTC().Format(time.RFC3339)
	drift := e.expect(e.call("GET", "/api/v1/admin/dashboard", a.adminToken, nil), 200, "").body["clockDrift"].([]any)
	if len(drift) != 1 {
		t.Fatalf("clockDrift = %v, want the fast account", drift)
	}
	if d := drift[0].(map[string]any); d["email"] != fast || d["seconds"] != float64(30) || d["since"] != found || d["id"] == "" {
		t.Errorf("clockDrift[0] = %v, want %s 30 seconds ahead since %s", d, fast, found)
	}
	c := e.pageClient()
	e.Clock.Advance(30 * time.Second)
	c.logInTOTP(adminAddr, a.adminSecret)
	c.expectPage(c.get("/admin"), 200, "/admin", "Authenticator clocks off", ">"+fast+"</a>", "about 30 seconds ahead")
}

// boolCmp orders false before true.
func boolCmp(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}
