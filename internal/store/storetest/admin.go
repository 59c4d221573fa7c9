package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// searchEmails lists the addresses SearchUsers returned.
func searchEmails(t *testing.T, s core.Store, q core.UserSearch) []string {
	t.Helper()
	list, err := s.SearchUsers(t.Context(), q)
	wantOK(t, fmt.Sprintf("SearchUsers(%+v)", q), err)
	var out []string
	for _, u := range list {
		out = append(out, u.Email)
	}
	return out
}

// addUser creates a user with that address and second factors.
func addUser(t *testing.T, s core.Store, id, email string, totp, emailCodes bool) {
	t.Helper()
	u := &core.User{ID: id, Email: email, PasswordHash: "h", CreatedAt: at(0), Email2FA: emailCodes}
	if totp {
		u.TOTPSecret = []byte("sealed")
	}
	wantOK(t, "CreateUser("+email+")", s.CreateUser(t.Context(), u))
}

func testSearchUsers(t *testing.T, s core.Store) {
	ctx := t.Context()
	// "_" and "%" are no wildcards, upper-case letters sort before
	// lower-case ones and "é" after every ASCII letter, as bytes do.
	for i, email := range []string{"ab@x.org", "a_b@x.org", "a%b@x.org", "abc@x.org", "abd@x.org",
		"b@x.org", "aé@x.org", "Zed@x.org", "ab\U0010FFFF@x.org"} {
		addUser(t, s, fmt.Sprintf("u%d", i), email, i%3 == 0, i%2 == 0)
	}
	all := searchEmails(t, s, core.UserSearch{Limit: 100})
	want := []string{"Zed@x.org", "a%b@x.org", "a_b@x.org", "ab@x.org", "abc@x.org", "abd@x.org",
		"ab\U0010FFFF@x.org", "aé@x.org", "b@x.org"}
	sameList(t, "every account, in byte order", all, want)

	sameList(t, `prefix "ab"`, searchEmails(t, s, core.UserSearch{Prefix: "ab", Limit: 100}),
		[]string{"ab@x.org", "abc@x.org", "abd@x.org", "ab\U0010FFFF@x.org"})
	sameList(t, `prefix "a_"`, searchEmails(t, s, core.UserSearch{Prefix: "a_", Limit: 100}), []string{"a_b@x.org"})
	sameList(t, `prefix "aé"`, searchEmails(t, s, core.UserSearch{Prefix: "aé", Limit: 100}), []string{"aé@x.org"})
	sameList(t, `prefix "abc@x.org"`, searchEmails(t, s, core.UserSearch{Prefix: "abc@x.org", Limit: 100}), []string{"abc@x.org"})
	sameList(t, `prefix "ab\U0010FFFF"`, searchEmails(t, s, core.UserSearch{Prefix: "ab\U0010FFFF", Limit: 100}),
		[]string{"ab\U0010FFFF@x.org"})
	if got := searchEmails(t, s, core.UserSearch{Prefix: "zz", Limit: 100}); len(got) != 0 {
		t.Errorf(`prefix "zz" = %v, want none`, got)
	}

	// Pages of two, each after the last address of the one before.
	var paged []string
	for after := ""; ; {
		page := searchEmails(t, s, core.UserSearch{After: after, Limit: 2})
		paged = append(paged, page...)
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1]
	}
	sameList(t, "every account, two at a time", paged, want)
	// A cursor inside the prefix's range, and one before it.
	sameList(t, `prefix "ab" after "abc@x.org"`,
		searchEmails(t, s, core.UserSearch{Prefix: "ab", After: "abc@x.org", Limit: 100}),
		[]string{"abd@x.org", "ab\U0010FFFF@x.org"})
	sameList(t, `prefix "ab" after "a"`,
		searchEmails(t, s, core.UserSearch{Prefix: "ab", After: "a", Limit: 1}), []string{"ab@x.org"})

	// Filters.
	wantOK(t, "SetRole", s.SetRole(ctx, "u4", core.RoleAdmin))
	wantOK(t, "SetDisabled", s.SetDisabled(ctx, "u5", at(time.Hour)))
	sameList(t, "administrators", searchEmails(t, s, core.UserSearch{Role: core.RoleAdmin, Limit: 100}), []string{"abd@x.org"})
	sameList(t, "disabled", searchEmails(t, s, core.UserSearch{DisabledOnly: true, Limit: 100}), []string{"b@x.org"})
	// u0, u3 and u6 have an app; u2, u4 and u8 email codes only.
	sameList(t, "TOTP", searchEmails(t, s, core.UserSearch{SecondFactor: core.SecondFactorTOTP, Limit: 100}),
		[]string{"ab@x.org", "abc@x.org", "aé@x.org"})
	sameList(t, "email only", searchEmails(t, s, core.UserSearch{SecondFactor: core.SecondFactorEmailOnly, Limit: 100}),
		[]string{"a%b@x.org", "abd@x.org", "ab\U0010FFFF@x.org"})
	sameList(t, "none", searchEmails(t, s, core.UserSearch{SecondFactor: core.SecondFactorNone, Limit: 100}),
		[]string{"Zed@x.org", "a_b@x.org", "b@x.org"})
	sameList(t, `TOTP with prefix "ab"`,
		searchEmails(t, s, core.UserSearch{Prefix: "ab", SecondFactor: core.SecondFactorTOTP, Limit: 100}),
		[]string{"ab@x.org", "abc@x.org"})
	wantOK(t, "DisableTOTP", s.DisableTOTP(ctx, "u0"))
	sameList(t, "email only, after the app of ab@x.org is gone",
		searchEmails(t, s, core.UserSearch{Prefix: "ab@", SecondFactor: core.SecondFactorEmailOnly, Limit: 100}), []string{"ab@x.org"})

	if _, err := s.SearchUsers(ctx, core.UserSearch{Role: "owner", Limit: 1}); err == nil {
		t.Error(`SearchUsers with role "owner" succeeded; the store must refuse a filter it does not know`)
	}
	list, err := s.SearchUsers(ctx, core.UserSearch{Prefix: "abd", Limit: 1})
	wantOK(t, "SearchUsers(abd)", err)
	if len(list) == 1 {
		checkUser(t, &list[0], getUser(t, s, "u4"))
	}
}

func testCountSecondFactors(t *testing.T, s core.Store) {
	ctx := t.Context()
	c, err := s.CountSecondFactors(ctx)
	wantOK(t, "CountSecondFactors (empty)", err)
	same(t, "counts of no account", c, core.SecondFactorCounts{})
	addUser(t, s, "app", "app@x.org", true, false)
	addUser(t, s, "both", "both@x.org", true, true)
	addUser(t, s, "mail", "mail@x.org", false, true)
	addUser(t, s, "none1", "none1@x.org", false, false)
	addUser(t, s, "none2", "none2@x.org", false, false)
	wantOK(t, "SetDisabled", s.SetDisabled(ctx, "none2", at(0)))
	c, err = s.CountSecondFactors(ctx)
	wantOK(t, "CountSecondFactors", err)
	same(t, "counts", c, core.SecondFactorCounts{Accounts: 5, TOTP: 2, EmailOnly: 1})
	same(t, "None()", c.None(), 2)
}

func testCountEventsByDay(t *testing.T, s core.Store) {
	ctx := t.Context()
	day := base.Truncate(24 * time.Hour)
	add := func(typ, detail string, when time.Time) {
		t.Helper()
		wantOK(t, "AddEvent", s.AddEvent(ctx, &core.Event{UserID: "u", Type: typ, At: when, Detail: detail}))
	}
	add(core.EventLogin, core.MethodTOTP, day.Add(-time.Microsecond)) // the day before since
	add(core.EventLogin, core.MethodTOTP, day)
	add(core.EventLogin, core.MethodEmail, day.Add(24*time.Hour-time.Microsecond))
	add(core.EventLogin, "password only", day.Add(time.Hour))
	add(core.EventLogin, core.MethodRecovery, day.Add(49*time.Hour))
	add(core.EventSecondFactorFailed, core.MethodTOTP, day.Add(time.Hour))

	got, err := s.CountEventsByDay(ctx, core.EventLogin, []string{core.MethodTOTP, core.MethodEmail, core.MethodRecovery}, day)
	wantOK(t, "CountEventsByDay(login)", err)
	want := []core.DayCount{{Day: day, Count: 2}, {Day: day.Add(48 * time.Hour), Count: 1}}
	if !slices.EqualFunc(got, want, func(a, b core.DayCount) bool { return a.Day.Equal(b.Day) && a.Count == b.Count }) {
		t.Errorf("CountEventsByDay(login with a second factor) = %v, want %v", got, want)
	}
	got, err = s.CountEventsByDay(ctx, core.EventLogin, nil, day.Add(-24*time.Hour))
	wantOK(t, "CountEventsByDay(every login)", err)
	want = []core.DayCount{{Day: day.Add(-24 * time.Hour), Count: 1}, {Day: day, Count: 3}, {Day: day.Add(48 * time.Hour), Count: 1}}
	if !slices.EqualFunc(got, want, func(a, b core.DayCount) bool { return a.Day.Equal(b.Day) && a.Count == b.Count }) {
		t.Errorf("CountEventsByDay(every login) = %v, want %v", got, want)
	}
	got, err = s.CountEventsByDay(ctx, core.EventAccountLocked, nil, day)
	wantOK(t, "CountEventsByDay(none)", err)
	if len(got) != 0 {
		t.Errorf("CountEventsByDay of a type with no events = %v, want none", got)
	}
}

func testLatestEvent(t *testing.T, s core.Store) {
	ctx := t.Context()
	types := []string{core.EventLogin, core.EventLoginTrusted}
	_, err := s.LatestEvent(ctx, "u", types)
	wantErr(t, "LatestEvent with no events", err, core.ErrNotFound)
	for i, e := range []core.Event{
		{UserID: "u", Type: core.EventLogin, At: at(0)},
		{UserID: "u", Type: core.EventLoginTrusted, At: at(time.Minute), Detail: "d_1"},
		{UserID: "u", Type: core.EventLogout, At: at(2 * time.Minute)},
		{UserID: "other", Type: core.EventLogin, At: at(3 * time.Minute)},
	} {
		wantOK(t, fmt.Sprint("AddEvent ", i), s.AddEvent(ctx, &e))
	}
	e, err := s.LatestEvent(ctx, "u", types)
	wantOK(t, "LatestEvent", err)
	same(t, "latest type", e.Type, core.EventLoginTrusted)
	same(t, "latest detail", e.Detail, "d_1")
	sameTime(t, "latest at", e.At, at(time.Minute))
	_, err = s.LatestEvent(ctx, "u", []string{core.EventSignUp})
	wantErr(t, "LatestEvent of a type the user has none of", err, core.ErrNotFound)
}
