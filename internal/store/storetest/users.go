package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkUser compares every field of got with want.
func checkUser(t *testing.T, got, want *core.User) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "Email", got.Email, want.Email)
	same(t, "Name", got.Name, want.Name)
	same(t, "PasswordHash", got.PasswordHash, want.PasswordHash)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	same(t, "Email2FA", got.Email2FA, want.Email2FA)
	sameBytes(t, "TOTPSecret", got.TOTPSecret, want.TOTPSecret)
	sameBytes(t, "TOTPPending", got.TOTPPending, want.TOTPPending)
	same(t, "TOTPLastStep", got.TOTPLastStep, want.TOTPLastStep)
	sameTime(t, "PasswordChangedAt", got.PasswordChangedAt, want.PasswordChangedAt)
	sameTime(t, "DisabledAt", got.DisabledAt, want.DisabledAt)
}

func testCreateUser(t *testing.T, s core.Store) {
	ctx := t.Context()
	u := &core.User{
		ID:           "u-ada",
		Email:        "ada@example.com",
		Name:         "Ada Lovelace",
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA",
		CreatedAt:    at(0),
		Email2FA:     true,
	}
	wantOK(t, "CreateUser", s.CreateUser(ctx, u))

	got, err := s.UserByID(ctx, "u-ada")
	wantOK(t, "UserByID", err)
	checkUser(t, got, u)
	if got.TOTPEnabled() {
		t.Error("TOTPEnabled() = true for a new user")
	}

	got, err = s.UserByEmail(ctx, "ada@example.com")
	wantOK(t, "UserByEmail", err)
	checkUser(t, got, u)
}

func testCreateUserAllFields(t *testing.T, s core.Store) {
	ctx := t.Context()
	// A time in another zone must come back as the same instant.
	paris := time.FixedZone("CET", 3600)
	u := &core.User{
		ID:                "u-all",
		Email:             "all@example.com",
		Name:              "",
		PasswordHash:      "hash",
		CreatedAt:         at(-time.Hour).In(paris),
		Email2FA:          false,
		TOTPSecret:        []byte("sealed-active\x00\xff"),
		TOTPPending:       []byte("sealed-pending"),
		TOTPLastStep:      59_000_123,
		PasswordChangedAt: at(-time.Minute),
	}
	wantOK(t, "CreateUser", s.CreateUser(ctx, u))
	got := getUser(t, s, "u-all")
	checkUser(t, got, u)
	if !got.TOTPEnabled() {
		t.Error("TOTPEnabled() = false for a user created with a secret")
	}
}

func testUserConflicts(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")

	dupEmail := &core.User{ID: "b", Email: "a@example.com", PasswordHash: "h", CreatedAt: at(0)}
	wantErr(t, "CreateUser with a taken email", s.CreateUser(ctx, dupEmail), core.ErrConflict)
	_, err := s.UserByID(ctx, "b")
	wantErr(t, "UserByID after a refused create", err, core.ErrNotFound)

	dupID := &core.User{ID: "a", Email: "other@example.com", PasswordHash: "h", CreatedAt: at(0)}
	wantErr(t, "CreateUser with a taken id", s.CreateUser(ctx, dupID), core.ErrConflict)

	// The store compares emails exactly; lower-casing is the core's job.
	upper := &core.User{ID: "c", Email: "A@example.com", PasswordHash: "h", CreatedAt: at(0)}
	wantOK(t, "CreateUser with an email differing in case", s.CreateUser(ctx, upper))
	got, err := s.UserByEmail(ctx, "A@example.com")
	wantOK(t, "UserByEmail", err)
	same(t, "UserByEmail(A@example.com).ID", got.ID, "c")
	got, err = s.UserByEmail(ctx, "a@example.com")
	wantOK(t, "UserByEmail", err)
	same(t, "UserByEmail(a@example.com).ID", got.ID, "a")
}

func testUserNotFound(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	_, err := s.UserByID(ctx, "nobody")
	wantErr(t, "UserByID(nobody)", err, core.ErrNotFound)
	_, err = s.UserByEmail(ctx, "nobody@example.com")
	wantErr(t, "UserByEmail(nobody)", err, core.ErrNotFound)
	_, err = s.UserByEmail(ctx, "A@EXAMPLE.COM")
	wantErr(t, "UserByEmail in other case", err, core.ErrNotFound)
	// Login passes the address as the client typed it: text a database
	// column cannot hold is an address no one has, not a failure.
	for _, odd := range []string{"a\x00b@example.com", "\xff\xfe@example.com"} {
		_, err = s.UserByEmail(ctx, odd)
		wantErr(t, fmt.Sprintf("UserByEmail(%q)", odd), err, core.ErrNotFound)
	}

	wantErr(t, "SetPassword(nobody)", s.SetPassword(ctx, "nobody", "h", at(0)), core.ErrNotFound)
	wantErr(t, "SetEmail(nobody)", s.SetEmail(ctx, "nobody", "x@example.com"), core.ErrNotFound)
	wantErr(t, "SetEmail2FA(nobody)", s.SetEmail2FA(ctx, "nobody", true), core.ErrNotFound)
	wantErr(t, "SetTOTPPending(nobody)", s.SetTOTPPending(ctx, "nobody", []byte("p")), core.ErrNotFound)
	wantErr(t, "DisableTOTP(nobody)", s.DisableTOTP(ctx, "nobody"), core.ErrNotFound)
}

func testSetPassword(t *testing.T, s core.Store) {
	u := newUser(t, s, "a")
	other := newUser(t, s, "b")
	wantOK(t, "SetPassword", s.SetPassword(t.Context(), "a", "new-hash", at(time.Hour)))

	want := *u
	want.PasswordHash = "new-hash"
	want.PasswordChangedAt = at(time.Hour)
	checkUser(t, getUser(t, s, "a"), &want)
	checkUser(t, getUser(t, s, "b"), other)
}

func testReplacePasswordHash(t *testing.T, s core.Store) {
	ctx := t.Context()
	u := newUser(t, s, "a")
	u.PasswordChangedAt = at(-time.Hour)
	wantOK(t, "SetPassword", s.SetPassword(ctx, "a", u.PasswordHash, u.PasswordChangedAt))
	other := newUser(t, s, "b")

	ok, err := s.ReplacePasswordHash(ctx, "a", u.PasswordHash, "rehashed")
	wantBool(t, "ReplacePasswordHash with the stored hash", ok, err, true)
	want := *u
	want.PasswordHash = "rehashed" // PasswordChangedAt stays
	checkUser(t, getUser(t, s, "a"), &want)
	checkUser(t, getUser(t, s, "b"), other)

	// The hash changed meanwhile (a password change won the race): the
	// stale rehash must not undo it.
	ok, err = s.ReplacePasswordHash(ctx, "a", u.PasswordHash, "stale")
	wantBool(t, "ReplacePasswordHash with a hash no longer stored", ok, err, false)
	checkUser(t, getUser(t, s, "a"), &want)

	ok, err = s.ReplacePasswordHash(ctx, "nobody", u.PasswordHash, "x")
	wantBool(t, "ReplacePasswordHash(nobody)", ok, err, false)
	// Another user's hash is not a key to this one's row.
	ok, err = s.ReplacePasswordHash(ctx, "b", "rehashed", "x")
	wantBool(t, "ReplacePasswordHash with another user's hash", ok, err, false)
	checkUser(t, getUser(t, s, "b"), other)
}

func testSetEmail(t *testing.T, s core.Store) {
	ctx := t.Context()
	u := newUser(t, s, "a")
	newUser(t, s, "b")

	wantOK(t, "SetEmail", s.SetEmail(ctx, "a", "new@example.com"))
	got, err := s.UserByEmail(ctx, "new@example.com")
	wantOK(t, "UserByEmail(new)", err)
	want := *u
	want.Email = "new@example.com"
	checkUser(t, got, &want)
	_, err = s.UserByEmail(ctx, "a@example.com")
	wantErr(t, "UserByEmail(old address)", err, core.ErrNotFound)

	wantErr(t, "SetEmail to another account's address",
		s.SetEmail(ctx, "a", "b@example.com"), core.ErrConflict)
	same(t, "email after a refused change", getUser(t, s, "a").Email, "new@example.com")
	same(t, "other account's email", getUser(t, s, "b").Email, "b@example.com")

	wantOK(t, "SetEmail to the current address", s.SetEmail(ctx, "a", "new@example.com"))
	// The old address is free again.
	wantOK(t, "SetEmail to a freed address", s.SetEmail(ctx, "b", "a@example.com"))
}

func testSetEmail2FA(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	wantOK(t, "SetEmail2FA(false)", s.SetEmail2FA(ctx, "a", false))
	same(t, "Email2FA", getUser(t, s, "a").Email2FA, false)
	wantOK(t, "SetEmail2FA(true)", s.SetEmail2FA(ctx, "a", true))
	same(t, "Email2FA", getUser(t, s, "a").Email2FA, true)
}

func testEmailVerified(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	same(t, "EmailVerifiedAt of a new user", getUser(t, s, "a").EmailVerifiedAt.IsZero(), true)
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	ok, err := s.SetEmailVerified(ctx, "a", "old@example.com", at)
	wantOK(t, "SetEmailVerified for another address", err)
	same(t, "SetEmailVerified for another address did it", ok, false)
	same(t, "EmailVerifiedAt after a stale address", getUser(t, s, "a").EmailVerifiedAt.IsZero(), true)
	ok, err = s.SetEmailVerified(ctx, "a", "a@example.com", at)
	wantOK(t, "SetEmailVerified", err)
	same(t, "SetEmailVerified did it", ok, true)
	if got := getUser(t, s, "a").EmailVerifiedAt; !got.Equal(at) {
		t.Fatalf("EmailVerifiedAt = %v, want %v", got, at)
	}
	wantOK(t, "SetEmail to the same address", s.SetEmail(ctx, "a", "a@example.com"))
	if got := getUser(t, s, "a").EmailVerifiedAt; !got.Equal(at) {
		t.Fatalf("EmailVerifiedAt after setting the same address = %v, want %v", got, at)
	}
	wantOK(t, "SetEmail", s.SetEmail(ctx, "a", "new@example.com"))
	same(t, "EmailVerifiedAt after an address change", getUser(t, s, "a").EmailVerifiedAt.IsZero(), true)
}
