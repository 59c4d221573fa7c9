package storetest

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// drift is a TOTPDrift for the tests: recent offsets, seconds and when
// found (minutes after base; the zero time when seconds is 0).
func drift(recent string, seconds int, minutes int) core.TOTPDrift {
	d := core.TOTPDrift{Recent: recent}
	if seconds != 0 {
		d.Seconds, d.Since = seconds, at(time.Duration(minutes)*time.Minute)
	}
	return d
}

// sameDrift fails the test unless got and want are the same record.
func sameDrift(t *testing.T, what string, got, want core.TOTPDrift) {
	t.Helper()
	if got.Recent != want.Recent || got.Seconds != want.Seconds || !got.Since.Equal(want.Since) {
		t.Errorf("%s: drift %+v, want %+v", what, got, want)
	}
}

// testTOTPDrift: UseTOTPStepDrift uses a step as UseTOTPStep does and
// records the drift in the same statement, unless another code changed
// the record since it was read; the record comes back with the user and
// with a session, and turning TOTP off or on clears it.
func testTOTPDrift(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	enableTOTP(t, s, "a", []byte("secret"), 100)
	sameDrift(t, "a new TOTP", getUser(t, s, "a").TOTPDrift, core.TOTPDrift{})

	use := func(step int64, seen string, next core.TOTPDrift, want bool) {
		t.Helper()
		ok, err := s.UseTOTPStepDrift(ctx, "a", step, seen, next)
		wantBool(t, "UseTOTPStepDrift("+strconv.FormatInt(step, 10)+", "+seen+")", ok, err, want)
	}
	use(101, "", drift("1", 0, 0), true)
	sameDrift(t, "after one code", getUser(t, s, "a").TOTPDrift, drift("1", 0, 0))
	use(102, "1", drift("1,1,1", 30, 2), true)
	sameDrift(t, "after a drift was found", getUser(t, s, "a").TOTPDrift, drift("1,1,1", 30, 2))
	newSession(t, s, "s1", "a")
	v, err := s.SessionViewByHash(ctx, "s1", at(time.Minute))
	wantOK(t, "SessionViewByHash", err)
	sameDrift(t, "SessionViewByHash", v.User.TOTPDrift, drift("1,1,1", 30, 2))

	// Read before another code changed it: the step is used, the drift
	// stays as the other code left it.
	use(103, "0", drift("0,0", 0, 0), true)
	u := getUser(t, s, "a")
	same(t, "TOTPLastStep after a stale record", u.TOTPLastStep, 103)
	sameDrift(t, "after a stale record", u.TOTPDrift, drift("1,1,1", 30, 2))
	// A used step changes nothing.
	use(103, "1,1,1", drift("0,1,1,1", 0, 0), false)
	sameDrift(t, "after a used step", getUser(t, s, "a").TOTPDrift, drift("1,1,1", 30, 2))

	// Nothing for an account without TOTP, nor for no account.
	newUser(t, s, "b")
	ok, err := s.UseTOTPStepDrift(ctx, "b", 5, "", drift("1", 0, 0))
	wantBool(t, "UseTOTPStepDrift with TOTP off", ok, err, false)
	sameDrift(t, "TOTP off", getUser(t, s, "b").TOTPDrift, core.TOTPDrift{})
	ok, err = s.UseTOTPStepDrift(ctx, "nobody", 5, "", drift("1", 0, 0))
	wantBool(t, "UseTOTPStepDrift(nobody)", ok, err, false)

	wantOK(t, "DisableTOTP", s.DisableTOTP(ctx, "a"))
	sameDrift(t, "after DisableTOTP", getUser(t, s, "a").TOTPDrift, core.TOTPDrift{})

	// CreateUser stores a record; EnableTOTP clears it.
	c := &core.User{ID: "c", Email: "c@example.com", PasswordHash: "h", CreatedAt: at(0), TOTPDrift: drift("-1,-1,-1", -30, 5)}
	wantOK(t, "CreateUser", s.CreateUser(ctx, c))
	sameDrift(t, "CreateUser", getUser(t, s, "c").TOTPDrift, c.TOTPDrift)
	enableTOTP(t, s, "c", []byte("secret"), 7)
	sameDrift(t, "after EnableTOTP", getUser(t, s, "c").TOTPDrift, core.TOTPDrift{})
}

// testConcurrentUseTOTPStepDrift: of many codes of different steps
// accepted at once, each reading the record empty, one records its drift
// and the others leave it: the record is one whole write, never a mix.
func testConcurrentUseTOTPStepDrift(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	enableTOTP(t, s, "a", []byte("secret"), 1000)
	Race(t, workers, func(i int) (bool, error) {
		return s.UseTOTPStepDrift(ctx, "a", 1001+int64(i), "", drift(strconv.Itoa(i), 30*(i+1), i))
	})
	u := getUser(t, s, "a")
	same(t, "TOTPLastStep after racing steps", u.TOTPLastStep, 1000+workers)
	i, err := strconv.Atoi(u.TOTPDrift.Recent)
	if err != nil {
		t.Fatalf("after racing codes the record is %+v, want one code's", u.TOTPDrift)
	}
	sameDrift(t, "after racing codes", u.TOTPDrift, drift(strconv.Itoa(i), 30*(i+1), i))
}

// testClockDriftAccounts: the accounts with a drift, most recently found
// first (then by id, last first), at most limit, and no others.
func testClockDriftAccounts(t *testing.T, s core.Store) {
	ctx := t.Context()
	list := func(limit int) []string {
		t.Helper()
		accounts, err := s.ClockDriftAccounts(ctx, limit)
		wantOK(t, "ClockDriftAccounts", err)
		var ids []string
		for _, a := range accounts {
			ids = append(ids, a.UserID)
		}
		return ids
	}
	if got := list(10); len(got) != 0 {
		t.Fatalf("ClockDriftAccounts with no accounts = %v", got)
	}
	for i, d := range []core.TOTPDrift{
		drift("1,1,1", 30, 60),
		drift("-1,-1,-1", -30, 120),
		drift("0,1,1", 0, 0),
		drift("2,2,2", 60, 120),
		{},
	} {
		id := string(rune('a' + i))
		newUser(t, s, id)
		enableTOTP(t, s, id, []byte("secret"), 100)
		ok, err := s.UseTOTPStepDrift(ctx, id, 101, "", d)
		wantBool(t, "UseTOTPStepDrift("+id+")", ok, err, true)
	}
	if got, want := list(10), []string{"d", "b", "a"}; !slices.Equal(got, want) {
		t.Fatalf("ClockDriftAccounts(10) = %v, want %v", got, want)
	}
	if got, want := list(2), []string{"d", "b"}; !slices.Equal(got, want) {
		t.Fatalf("ClockDriftAccounts(2) = %v, want %v", got, want)
	}
	accounts, err := s.ClockDriftAccounts(ctx, 1)
	wantOK(t, "ClockDriftAccounts(1)", err)
	want := core.DriftAccount{UserID: "d", Email: "d@example.com", ClockDrift: drift("", 60, 120).ClockDrift}
	if len(accounts) != 1 || accounts[0].UserID != want.UserID || accounts[0].Email != want.Email ||
		accounts[0].Seconds != want.Seconds || !accounts[0].Since.Equal(want.Since) {
		t.Fatalf("ClockDriftAccounts(1) = %+v, want %+v", accounts, want)
	}

	wantOK(t, "DisableTOTP(d)", s.DisableTOTP(ctx, "d"))
	if got, want := list(10), []string{"b", "a"}; !slices.Equal(got, want) {
		t.Fatalf("ClockDriftAccounts after DisableTOTP(d) = %v, want %v", got, want)
	}
}
