package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct {
		prefix, end string
		ok          bool
	}{
		{"", "", false},
		{"a", "b", true},
		{"ab", "ac", true},
		{"a@", "aA", true},
		{"é", "ê", true},
		{"a\uD7FF", "a\uE000", true}, // the surrogates are no characters
		{"a\U0010FFFF", "b", true},
		{"a\U0010FFFF\U0010FFFF", "b", true},
		{"\U0010FFFF", "", false},
	} {
		end, ok := core.PrefixEnd(tc.prefix)
		if end != tc.end || ok != tc.ok {
			t.Errorf("PrefixEnd(%q) = %q, %v; want %q, %v", tc.prefix, end, ok, tc.end, tc.ok)
		}
		// Every string that starts with prefix sorts below end.
		for _, more := range []string{"", "\x00", "z", "\U0010FFFF\U0010FFFF"} {
			if s := tc.prefix + more; ok && s >= end {
				t.Errorf("%q >= PrefixEnd(%q) = %q", s, tc.prefix, end)
			}
		}
	}
}

func TestSearchUsers(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	for _, who := range []string{"alice@example.com", "alan@example.com", "bob@example.com", "albert@example.org"} {
		r.signUp(who)
	}
	// Letters A to Z in the query match either case, as addresses are
	// stored lower-cased.
	page, err := r.Svc.SearchUsers(ctx, core.UserSearch{Prefix: " AL", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := emailsOf(page.Users); got != "alan@example.com albert@example.org" || page.Next != "albert@example.org" {
		t.Errorf(`first page of "AL" = %s, next %q`, got, page.Next)
	}
	page, err = r.Svc.SearchUsers(ctx, core.UserSearch{Prefix: "al", After: page.Next, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := emailsOf(page.Users); got != "alice@example.com" || page.Next != "" {
		t.Errorf(`second page of "al" = %s, next %q; want alice@example.com and no next`, got, page.Next)
	}
	// A full last page has no next either.
	page, err = r.Svc.SearchUsers(ctx, core.UserSearch{Prefix: "b", Limit: 1})
	if err != nil || emailsOf(page.Users) != "bob@example.com" || page.Next != "" {
		t.Errorf(`"b" with limit 1 = %v, next %q, %v; want bob and no next`, page, page.Next, err)
	}

	for _, tc := range []struct {
		q     core.UserSearch
		field string
	}{
		{core.UserSearch{Role: "owner"}, "role"},
		{core.UserSearch{SecondFactor: "sms"}, "factor"},
		{core.UserSearch{Limit: -1}, "limit"},
		{core.UserSearch{Limit: core.MaxUserPage + 1}, "limit"},
		{core.UserSearch{Prefix: "a\xffb"}, "q"},
		{core.UserSearch{Prefix: "a\x00"}, "q"},
		{core.UserSearch{Prefix: strings.Repeat("a", 255)}, "q"},
		{core.UserSearch{After: "\xc3"}, "after"},
	} {
		_, err := r.Svc.SearchUsers(ctx, tc.q)
		if e, ok := core.AsError(err); !ok || e.Code != core.CodeBadRequest || e.Field != tc.field {
			t.Errorf("SearchUsers(%+v) = %v, want bad-request on %s", tc.q, err, tc.field)
		}
	}
}

// emailsOf joins the addresses of list with spaces.
func emailsOf(list []core.User) string {
	var out []string
	for _, u := range list {
		out = append(out, u.Email)
	}
	return strings.Join(out, " ")
}

// TestDashboard: a login with an emailed code counts as a success of the
// day, a wrong code as a failure, a login without a second factor as
// neither; events older than the 30 days are left out, and the accounts
// are counted by second factor.
func TestDashboard(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := &rig{Rig: b.new(t, nil), t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}}
			r.signUp("mail@example.com")
			app := r.session(r.signUp("app@example.com").Email)
			r.enableTOTP(app)
			plain := r.signUp("plain@example.com")
			p := r.session(plain.Email)
			if err := r.Svc.DisableEmail2FA(ctx, p, r.proof(p), r.meta); err != nil {
				t.Fatal(err)
			}
			r.Clock.Advance(24 * time.Hour) // the set-up above was yesterday

			r.sessionToken("mail@example.com") // a success
			ch := r.login("mail@example.com")
			if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: "000-000"}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
				t.Fatalf("wrong code: %v", err)
			}
			if res, err := r.Svc.Login(ctx, core.LoginInput{Email: plain.Email, Password: pw}, r.meta); err != nil || res.Session == nil {
				t.Fatalf("login without a second factor: %v, %v", res, err)
			}
			today := r.Clock.Now().UTC().Truncate(24 * time.Hour)
			for _, e := range []core.Event{
				{Type: core.EventAccountLocked, At: today.Add(-5 * 24 * time.Hour)},
				{Type: core.EventAccountLocked, At: today.Add(-29 * 24 * time.Hour)},
				{Type: core.EventAccountLocked, At: today.Add(-29*24*time.Hour - time.Second)}, // 30 days ago
			} {
				if err := r.Store.AddEvent(ctx, &e); err != nil {
					t.Fatal(err)
				}
			}

			d, err := r.Svc.Dashboard(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := (core.SecondFactorCounts{Accounts: 3, TOTP: 1, EmailOnly: 1}); d.Adoption != want {
				t.Errorf("adoption = %+v, want %+v", d.Adoption, want)
			}
			if len(d.Days) != core.DashboardDays || !d.Days[len(d.Days)-1].Day.Equal(today) {
				t.Fatalf("%d days ending %v, want %d ending %v", len(d.Days), d.Days[len(d.Days)-1].Day, core.DashboardDays, today)
			}
			last, yesterday := d.Days[29], d.Days[28]
			if last.Successes != 1 || last.Failures != 1 || last.Lockouts != 0 {
				t.Errorf("today = %+v, want 1 success, 1 failure, no lock-out", last)
			}
			// Yesterday: the two logins of the set-up, with emailed codes.
			if yesterday.Successes != 2 {
				t.Errorf("yesterday = %+v, want 2 successes", yesterday)
			}
			if d.Days[24].Lockouts != 1 || d.Days[0].Lockouts != 1 {
				t.Errorf("lock-outs 5 and 29 days ago = %d and %d, want 1 and 1", d.Days[24].Lockouts, d.Days[0].Lockouts)
			}
			total := 0
			for _, day := range d.Days {
				total += day.Lockouts
			}
			if total != 2 {
				t.Errorf("%d lock-outs in the 30 days, want 2 (the one 30 days ago is out)", total)
			}
		})
	}
}

// TestUserDetail: what an administrator sees of an account follows its
// logins, sessions, recovery codes and locks.
func TestUserDetail(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	u := r.signUp("user@example.com")
	d, err := r.Svc.UserDetail(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.LastLogin.IsZero() || d.Sessions != 0 || d.RecoveryLeft != 0 || len(d.Locks) != 0 {
		t.Errorf("a new account: %+v, want no login, session, code nor lock", d)
	}
	p := r.session(u.Email)
	r.Clock.Advance(time.Minute)
	r.sessionToken(u.Email)
	lastLogin := r.Clock.Now()
	r.enableTOTP(p)
	for range 5 {
		ch := r.login(u.Email)
		if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodRecovery, Code: "aaaaa-aaaaa"}, r.meta); err == nil {
			t.Fatal("a wrong recovery code was accepted")
		}
	}
	d, err = r.Svc.UserDetail(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.LastLogin.Equal(lastLogin) || d.Sessions != 2 || d.RecoveryLeft != r.Svc.Config().RecoveryCodes || len(d.Locks) != 1 {
		t.Errorf("after two logins, TOTP on and five wrong codes: last login %v, %d sessions, %d codes, locks %v",
			d.LastLogin, d.Sessions, d.RecoveryLeft, d.Locks)
	}
	if _, err := r.Svc.UserDetail(ctx, "u_nobody"); errCode(err) != core.CodeNotFound {
		t.Errorf("UserDetail of no account: %v, want not-found", err)
	}
	page, err := r.Svc.UserEvents(ctx, u.ID, "", 3)
	if err != nil || len(page.Entries) == 0 || page.Entries[0].Type != core.EventAccountLocked && page.Entries[0].Type != core.EventSecondFactorFailed {
		t.Errorf("UserEvents = %+v, %v; want the wrong codes first", page, err)
	}
}
