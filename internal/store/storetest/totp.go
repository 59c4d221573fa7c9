package storetest

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

func testTOTPPending(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	wantOK(t, "SetTOTPPending", s.SetTOTPPending(ctx, "a", []byte("p1")))
	u := getUser(t, s, "a")
	sameBytes(t, "TOTPPending", u.TOTPPending, []byte("p1"))
	if u.TOTPEnabled() {
		t.Error("a pending secret made TOTPEnabled() true")
	}
	wantOK(t, "SetTOTPPending again", s.SetTOTPPending(ctx, "a", []byte("p2")))
	sameBytes(t, "TOTPPending", getUser(t, s, "a").TOTPPending, []byte("p2"))
	wantOK(t, "SetTOTPPending(nil)", s.SetTOTPPending(ctx, "a", nil))
	if p := getUser(t, s, "a").TOTPPending; len(p) != 0 {
		t.Errorf("TOTPPending after clearing = %q, want none", p)
	}
}

func testEnableTOTP(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	old := [][]byte{[]byte("old-1"), []byte("old-2")}
	wantOK(t, "ReplaceRecoveryCodes", s.ReplaceRecoveryCodes(ctx, "a", old, at(0)))
	wantOK(t, "SetTOTPPending", s.SetTOTPPending(ctx, "a", []byte("p1")))
	fresh := [][]byte{[]byte("new-1"), []byte("new-2"), []byte("new-3")}

	// A pending secret that changed since it was shown is refused.
	ok, err := s.EnableTOTP(ctx, "a", []byte("p0"), []byte("p0"), 100, fresh, at(0))
	wantBool(t, "EnableTOTP with another pending secret", ok, err, false)
	ok, err = s.EnableTOTP(ctx, "a", nil, nil, 100, fresh, at(0))
	wantBool(t, "EnableTOTP with no pending secret", ok, err, false)
	u := getUser(t, s, "a")
	sameBytes(t, "TOTPPending after refusal", u.TOTPPending, []byte("p1"))
	sameBytes(t, "TOTPSecret after refusal", u.TOTPSecret, nil)
	same(t, "TOTPLastStep after refusal", u.TOTPLastStep, 0)
	n, err := s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft after refusal", n, err, 2)

	ok, err = s.EnableTOTP(ctx, "a", []byte("p1"), []byte("p1"), 100, fresh, at(0))
	wantBool(t, "EnableTOTP", ok, err, true)
	u = getUser(t, s, "a")
	sameBytes(t, "TOTPSecret", u.TOTPSecret, []byte("p1"))
	sameBytes(t, "TOTPPending", u.TOTPPending, nil)
	same(t, "TOTPLastStep", u.TOTPLastStep, 100)
	if !u.TOTPEnabled() {
		t.Error("TOTPEnabled() = false after EnableTOTP")
	}
	n, err = s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft", n, err, 3)
	ok, err = s.UseRecoveryCode(ctx, "a", []byte("old-1"), at(0))
	wantBool(t, "UseRecoveryCode(replaced code)", ok, err, false)
	ok, err = s.UseRecoveryCode(ctx, "a", []byte("new-2"), at(0))
	wantBool(t, "UseRecoveryCode(new code)", ok, err, true)

	// Once active, a new setup cannot silently replace the secret.
	wantOK(t, "SetTOTPPending", s.SetTOTPPending(ctx, "a", []byte("p2")))
	ok, err = s.EnableTOTP(ctx, "a", []byte("p2"), []byte("p2"), 200, [][]byte{[]byte("x")}, at(0))
	wantBool(t, "EnableTOTP while active", ok, err, false)
	u = getUser(t, s, "a")
	sameBytes(t, "TOTPSecret", u.TOTPSecret, []byte("p1"))
	sameBytes(t, "TOTPPending", u.TOTPPending, []byte("p2"))
	same(t, "TOTPLastStep", u.TOTPLastStep, 100)
	n, err = s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft", n, err, 2)

	ok, err = s.EnableTOTP(ctx, "nobody", []byte("p2"), []byte("p2"), 1, nil, at(0))
	if ok || (err != nil && !errors.Is(err, core.ErrNotFound)) {
		t.Errorf("EnableTOTP(nobody) = %v, %v; want false", ok, err)
	}
}

func testDisableTOTP(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	enableTOTP(t, s, "a", []byte("secret"), 100)
	wantOK(t, "ReplaceRecoveryCodes", s.ReplaceRecoveryCodes(ctx, "a", [][]byte{[]byte("r1")}, at(0)))
	wantOK(t, "SetTOTPPending", s.SetTOTPPending(ctx, "a", []byte("next")))

	wantOK(t, "DisableTOTP", s.DisableTOTP(ctx, "a"))
	u := getUser(t, s, "a")
	sameBytes(t, "TOTPSecret", u.TOTPSecret, nil)
	sameBytes(t, "TOTPPending", u.TOTPPending, nil)
	same(t, "TOTPLastStep", u.TOTPLastStep, 0)
	if u.TOTPEnabled() {
		t.Error("TOTPEnabled() = true after DisableTOTP")
	}
	n, err := s.RecoveryCodesLeft(ctx, "a")
	wantInt(t, "RecoveryCodesLeft after DisableTOTP", n, err, 1)
	ok, err := s.UseTOTPStep(ctx, "a", 101)
	wantBool(t, "UseTOTPStep after DisableTOTP", ok, err, false)
}

func testUseTOTPStep(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	ok, err := s.UseTOTPStep(ctx, "a", 5)
	wantBool(t, "UseTOTPStep with TOTP off", ok, err, false)
	same(t, "TOTPLastStep", getUser(t, s, "a").TOTPLastStep, 0)

	enableTOTP(t, s, "a", []byte("secret"), 100)
	for _, c := range []struct {
		step int64
		want bool
	}{
		{100, false}, // the step that enabled TOTP
		{99, false},
		{101, true},
		{101, false}, // replay
		{105, true},
		{103, false}, // earlier than the last accepted
		{105, false},
		{106, true},
	} {
		ok, err := s.UseTOTPStep(ctx, "a", c.step)
		wantBool(t, "UseTOTPStep("+strconv.FormatInt(c.step, 10)+")", ok, err, c.want)
	}
	same(t, "TOTPLastStep", getUser(t, s, "a").TOTPLastStep, 106)

	ok, err = s.UseTOTPStep(ctx, "nobody", 1000)
	if ok || (err != nil && !errors.Is(err, core.ErrNotFound)) {
		t.Errorf("UseTOTPStep(nobody) = %v, %v; want false", ok, err)
	}
}

// resealCall is one call of a ResealSecrets function.
type resealCall struct {
	userID string
	sealed string
}

func testResealSecrets(t *testing.T, s core.Store) {
	ctx := t.Context()
	c := newUser(t, s, "c") // no secrets at all
	var calls []resealCall
	fn := func(userID string, sealed []byte) ([]byte, error) {
		calls = append(calls, resealCall{userID, string(sealed)})
		return append([]byte("new:"), sealed...), nil
	}
	n, err := s.ResealSecrets(ctx, fn)
	wantInt(t, "ResealSecrets with no secrets", n, err, 0)
	if len(calls) != 0 {
		t.Errorf("fn called %v with no secrets stored", calls)
	}

	a := &core.User{ID: "a", Email: "a@example.com", PasswordHash: "h", CreatedAt: at(0),
		TOTPSecret: []byte("sa"), TOTPPending: []byte("pa"), TOTPLastStep: 7}
	b := &core.User{ID: "b", Email: "b@example.com", PasswordHash: "h", CreatedAt: at(0),
		TOTPPending: []byte("pb")}
	wantOK(t, "CreateUser(a)", s.CreateUser(ctx, a))
	wantOK(t, "CreateUser(b)", s.CreateUser(ctx, b))

	n, err = s.ResealSecrets(ctx, fn)
	wantInt(t, "ResealSecrets", n, err, 3)
	slices.SortFunc(calls, func(x, y resealCall) int {
		return cmp.Or(cmp.Compare(x.userID, y.userID), cmp.Compare(x.sealed, y.sealed))
	})
	want := []resealCall{{"a", "pa"}, {"a", "sa"}, {"b", "pb"}}
	if !slices.Equal(calls, want) {
		t.Errorf("fn calls = %v, want %v", calls, want)
	}

	wantA := *a
	wantA.TOTPSecret, wantA.TOTPPending = []byte("new:sa"), []byte("new:pa")
	checkUser(t, getUser(t, s, "a"), &wantA)
	wantB := *b
	wantB.TOTPPending = []byte("new:pb")
	checkUser(t, getUser(t, s, "b"), &wantB)
	checkUser(t, getUser(t, s, "c"), c)
}

func testResealSecretsRollback(t *testing.T, s core.Store) {
	ctx := t.Context()
	a := &core.User{ID: "a", Email: "a@example.com", PasswordHash: "h", CreatedAt: at(0),
		TOTPSecret: []byte("sa"), TOTPPending: []byte("pa")}
	b := &core.User{ID: "b", Email: "b@example.com", PasswordHash: "h", CreatedAt: at(0),
		TOTPSecret: []byte("sb")}
	wantOK(t, "CreateUser(a)", s.CreateUser(ctx, a))
	wantOK(t, "CreateUser(b)", s.CreateUser(ctx, b))

	// Whatever order the store visits users in, b fails, and whatever was
	// rewritten before must be rolled back.
	boom := errors.New("key unavailable")
	n, err := s.ResealSecrets(ctx, func(userID string, sealed []byte) ([]byte, error) {
		if userID == "b" {
			return nil, boom
		}
		return []byte("new"), nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("ResealSecrets = %d, %v; want the error of fn", n, err)
	}
	checkUser(t, getUser(t, s, "a"), a)
	checkUser(t, getUser(t, s, "b"), b)
}
