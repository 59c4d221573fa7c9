package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// seedDashboard stores accounts with each kind of second factor and 30
// days of second-factor activity, so the dashboard has something to draw.
func seedDashboard(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	for i := range 60 {
		u := &core.User{ID: fmt.Sprintf("u_member%02d", i), Email: fmt.Sprintf("member%02d@example.org", i),
			Name: fmt.Sprintf("Member %d", i), PasswordHash: "x", CreatedAt: e.Clock.Now().AddDate(0, -2, i),
			Email2FA: i%10 < 9}
		if i%20 < 11 {
			u.TOTPSecret = []byte("sealed")
		}
		if err := e.Store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	// One member's phone runs 30 seconds fast: three logins with its codes.
	const fast = "fast-phone@example.org"
	e.signUp(fast)
	secret, _ := e.enableTOTP(e.loginEmail(fast))
	for range 3 {
		e.totpLoginAPI(fast, e.fastPhone(secret))
	}
	today := e.Clock.Now().UTC().Truncate(24 * time.Hour)
	add := func(typ, detail string, at time.Time, n int) {
		for range n {
			if err := e.Store.AddEvent(ctx, &core.Event{UserID: "u_member00", Type: typ, At: at, Detail: detail}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for d := range 29 {
		day := today.AddDate(0, 0, d-29).Add(9 * time.Hour)
		add(core.EventLogin, core.MethodTOTP, day, 12+(d*7)%11+d/3)
		add(core.EventSecondFactorFailed, core.MethodTOTP, day, (d*5)%7)
		if d%6 == 2 {
			add(core.EventAccountLocked, "1m0s", day, 1+d%2)
		}
	}
}

// TestBrowserAdmin: in headless Chromium an administrator signs in with
// an authenticator app, opens the dashboard from the User Panel, searches
// a user, and resets the user's two-factor authentication from the
// user's page, entering a code of the administrator's own app once the
// session's second factor is no longer fresh; the user then signs in with
// an emailed code.
func TestBrowserAdmin(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	a := newAdminEnv(e)
	e.enableTOTP(a.userToken)
	seedDashboard(t, e)

	e.Clock.Advance(30 * time.Second) // a TOTP step not used yet
	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.logIn(adminAddr, func() string { return coretest.TOTPCode(t, a.adminSecret, e.Clock.Now()) })
	b.waitPage("security")
	b.do("open Admin from the User Panel",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Click(chromedp.CSS(`.user-panel .menu a[href="/admin"]`)),
	)
	b.waitPage("admin_dashboard")
	b.do("see the charts", chromedp.WaitVisible(chromedp.CSS(`svg.activity-chart`)), chromedp.WaitVisible(chromedp.CSS(`svg.adoption-bar`)))
	if got := b.text(`#drift-heading + p + .table-wrap`); !strings.Contains(strings.ToLower(got), "fast-phone@example.org") || !strings.Contains(got, "about 30 seconds ahead") {
		t.Errorf("the accounts with a clock off = %q", got)
	}
	if got := b.text(`.legend`); !strings.Contains(got, "Authenticator app: 36") {
		t.Errorf("legend = %q", got)
	}
	b.screenshot("admin-dashboard")

	b.do("search the user",
		chromedp.Click(chromedp.CSS(`.admin-nav a[href="/admin/users"]`)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-page="admin_users"]`)),
		chromedp.SendKeys(chromedp.ID("q"), "USER@"),
		chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#users a[href="/admin/users/`+a.userID+`"]`)),
	)
	if rows := run(b, "count the rows", chromedp.Evaluate[int](`document.querySelectorAll('#users tbody tr').length`)); rows != 1 {
		t.Fatalf("the search lists %d accounts, want 1", rows)
	}
	b.do("open the user", chromedp.Click(chromedp.CSS(`#users a[href="/admin/users/`+a.userID+`"]`)))
	b.waitPage("admin_user")
	if got := b.text(`#factor`); got != "Authenticator app and email codes" {
		t.Fatalf("the user's second factor is shown as %q", got)
	}
	b.screenshot("admin-user")

	a.stale()
	reset := `details.action:has(form[action$="/reset-2fa"])`
	b.do("reset the user's 2FA",
		chromedp.Click(chromedp.CSS(reset+` summary`)),
		chromedp.Click(chromedp.CSS(reset+` form button[type="submit"]`)),
	)
	b.waitPage("confirm") // the session's second factor is stale
	b.forgetConsole("status of 403")
	b.do("confirm with the administrator's code",
		chromedp.SendKeys(chromedp.ID("code"), coretest.TOTPCode(t, a.adminSecret, e.Clock.Now())),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.waitPage("admin_user")
	if got := b.text(".notice"); !strings.HasPrefix(got, "Two-factor authentication was reset") {
		t.Fatalf("notice after the reset = %q", got)
	}
	if got := b.text(`#factor`); got != "Email codes only" {
		t.Fatalf("after the reset the user's second factor is shown as %q", got)
	}
	a.waitReset(userAddr)

	b.do("log out",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Click(chromedp.CSS(`.user-panel .menu button[type="submit"]`)),
	)
	b.logInWithMailedCode(userAddr)
	b.waitPage("security")
	if b.text(`#totp .badge`) != "Off" {
		t.Error("the user's authenticator app is still on after the reset")
	}
	b.checkConsole()
}
