package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testOIDCAuthRequests: a request reads back with every field, all set or
// all zero, expired or not; a taken ID or code hash is refused, as is an
// unknown client or user; a deleted request is gone.
func testOIDCAuthRequests(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")

	fresh := newOIDCRequest(t, s, "r1", "c1", at(10*time.Minute))
	checkOIDCRequest(t, getOIDCRequest(t, s, "r1"), fresh)

	full := *fresh
	full.ID, full.UserID, full.AuthTime, full.AMR = "r2", "a", at(-time.Minute), []string{"pwd", "otp", "mfa"}
	full.DoneAt, full.CodeHash, full.RedeemedAt = at(time.Second), []byte("code\x00\xff"), at(2*time.Second)
	wantOK(t, "CreateOIDCAuthRequest(every field set)", s.CreateOIDCAuthRequest(ctx, &full))
	checkOIDCRequest(t, getOIDCRequest(t, s, "r2"), &full)

	bare := &core.OIDCAuthRequest{ID: "r3", ClientID: "c1", RedirectURI: "http://localhost/cb",
		Scopes: []string{}, Prompt: nil, MaxAge: -1, CreatedAt: at(0), ExpiresAt: at(time.Minute)}
	wantOK(t, "CreateOIDCAuthRequest(zero fields)", s.CreateOIDCAuthRequest(ctx, bare))
	checkOIDCRequest(t, getOIDCRequest(t, s, "r3"), bare)
	zero := *bare
	zero.ID, zero.MaxAge = "r4", 0
	wantOK(t, "CreateOIDCAuthRequest(max_age 0)", s.CreateOIDCAuthRequest(ctx, &zero))
	same(t, "MaxAge 0", getOIDCRequest(t, s, "r4").MaxAge, 0)

	dup := *fresh
	dup.State = "other"
	wantErr(t, "CreateOIDCAuthRequest with a taken ID", s.CreateOIDCAuthRequest(ctx, &dup), core.ErrConflict)
	same(t, "State after the refused duplicate", getOIDCRequest(t, s, "r1").State, fresh.State)
	sameCode := full
	sameCode.ID = "r5"
	wantErr(t, "CreateOIDCAuthRequest with a taken code hash", s.CreateOIDCAuthRequest(ctx, &sameCode), core.ErrConflict)
	noClient := *bare
	noClient.ID, noClient.ClientID = "r6", "nobody"
	wantErr(t, "CreateOIDCAuthRequest for an unknown client", s.CreateOIDCAuthRequest(ctx, &noClient), core.ErrNotFound)
	noUser := full
	noUser.ID, noUser.UserID, noUser.CodeHash = "r7", "nobody", nil
	wantErr(t, "CreateOIDCAuthRequest for an unknown user", s.CreateOIDCAuthRequest(ctx, &noUser), core.ErrNotFound)

	for _, id := range []string{"unknown", "", "r1\x00", "\xff\xfe"} {
		_, err := s.OIDCAuthRequest(ctx, id)
		wantErr(t, "OIDCAuthRequest("+id+")", err, core.ErrNotFound)
	}

	wantOK(t, "DeleteOIDCAuthRequest", s.DeleteOIDCAuthRequest(ctx, "r1"))
	_, err := s.OIDCAuthRequest(ctx, "r1")
	wantErr(t, "OIDCAuthRequest after DeleteOIDCAuthRequest", err, core.ErrNotFound)
	wantOK(t, "DeleteOIDCAuthRequest again", s.DeleteOIDCAuthRequest(ctx, "r1"))
	checkOIDCRequest(t, getOIDCRequest(t, s, "r2"), &full)
}

// testCompleteOIDCAuthRequest: a request is signed in to once, only before
// it expires, by an existing user; the other fields stay as they were.
func testCompleteOIDCAuthRequest(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newUser(t, s, "b")
	newOIDCClient(t, s, "c1")
	r := newOIDCRequest(t, s, "r1", "c1", at(10*time.Minute))

	amr := []string{"pwd", "otp", "mfa"}
	ok, err := s.CompleteOIDCAuthRequest(ctx, "r1", "a", at(-time.Minute), amr, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest", ok, err, true)
	want := *r
	want.UserID, want.AuthTime, want.AMR, want.DoneAt = "a", at(-time.Minute), amr, at(time.Minute)
	checkOIDCRequest(t, getOIDCRequest(t, s, "r1"), &want)

	ok, err = s.CompleteOIDCAuthRequest(ctx, "r1", "b", at(0), []string{"pwd"}, at(2*time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest again", ok, err, false)
	checkOIDCRequest(t, getOIDCRequest(t, s, "r1"), &want)

	newOIDCRequest(t, s, "r2", "c1", at(10*time.Minute))
	for _, when := range []time.Duration{10 * time.Minute, 11 * time.Minute} {
		ok, err = s.CompleteOIDCAuthRequest(ctx, "r2", "a", at(0), amr, at(when))
		wantBool(t, "CompleteOIDCAuthRequest at or after expiry", ok, err, false)
	}
	if got := getOIDCRequest(t, s, "r2"); got.UserID != "" || !got.DoneAt.IsZero() {
		t.Errorf("expired request after CompleteOIDCAuthRequest: user %q, done at %v", got.UserID, got.DoneAt)
	}

	ok, err = s.CompleteOIDCAuthRequest(ctx, "unknown", "a", at(0), amr, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest(unknown)", ok, err, false)
	ok, err = s.CompleteOIDCAuthRequest(ctx, "\xff\x00", "a", at(0), amr, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest(unstorable id)", ok, err, false)
	_, err = s.CompleteOIDCAuthRequest(ctx, "r2", "nobody", at(0), amr, at(time.Minute))
	wantErr(t, "CompleteOIDCAuthRequest by an unknown user", err, core.ErrNotFound)
	if _, err := s.CompleteOIDCAuthRequest(ctx, "r2", "a", at(0), amr, time.Time{}); err == nil {
		t.Error("CompleteOIDCAuthRequest at the zero time worked")
	}
	same(t, "UserID after the refused completions", getOIDCRequest(t, s, "r2").UserID, "")

	// No AMR and no auth time read back as nil and zero.
	ok, err = s.CompleteOIDCAuthRequest(ctx, "r2", "b", time.Time{}, nil, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest with no AMR", ok, err, true)
	got := getOIDCRequest(t, s, "r2")
	same(t, "UserID", got.UserID, "b")
	sameList(t, "AMR", got.AMR, nil)
	sameTime(t, "AuthTime", got.AuthTime, time.Time{})
	sameTime(t, "DoneAt", got.DoneAt, at(time.Minute))
}

// testSetOIDCAuthCode: a code is set once, only on a signed-in request,
// and two requests never share one.
func testSetOIDCAuthCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	newOIDCRequest(t, s, "r1", "c1", at(10*time.Minute))

	ok, err := s.SetOIDCAuthCode(ctx, "r1", []byte("h1"))
	wantBool(t, "SetOIDCAuthCode before sign-in", ok, err, false)
	sameBytes(t, "CodeHash before sign-in", getOIDCRequest(t, s, "r1").CodeHash, nil)

	ok, err = s.CompleteOIDCAuthRequest(ctx, "r1", "a", at(0), []string{"pwd"}, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest", ok, err, true)
	ok, err = s.SetOIDCAuthCode(ctx, "r1", []byte("h1"))
	wantBool(t, "SetOIDCAuthCode", ok, err, true)
	ok, err = s.SetOIDCAuthCode(ctx, "r1", []byte("h2"))
	wantBool(t, "SetOIDCAuthCode again", ok, err, false)
	sameBytes(t, "CodeHash", getOIDCRequest(t, s, "r1").CodeHash, []byte("h1"))

	r2 := doneOIDCRequest(t, s, "r2", "c1", "a", []byte("h2"), at(10*time.Minute))
	newOIDCRequest(t, s, "r3", "c1", at(10*time.Minute))
	ok, err = s.CompleteOIDCAuthRequest(ctx, "r3", "a", at(0), nil, at(time.Minute))
	wantBool(t, "CompleteOIDCAuthRequest", ok, err, true)
	_, err = s.SetOIDCAuthCode(ctx, "r3", []byte("h1"))
	wantErr(t, "SetOIDCAuthCode with another request's code", err, core.ErrConflict)
	checkOIDCRequest(t, getOIDCRequest(t, s, "r2"), r2)

	ok, err = s.SetOIDCAuthCode(ctx, "unknown", []byte("h9"))
	wantBool(t, "SetOIDCAuthCode(unknown)", ok, err, false)
	if _, err := s.SetOIDCAuthCode(ctx, "r3", nil); err == nil {
		t.Error("SetOIDCAuthCode with no hash worked")
	}
	sameBytes(t, "CodeHash after the refused codes", getOIDCRequest(t, s, "r3").CodeHash, nil)
}

// testRedeemOIDCAuthCode: a code is redeemed once; a second try, or one
// after expiry, gets the request back with false; an unknown code is not
// found.
func testRedeemOIDCAuthCode(t *testing.T, s core.Store) {
	ctx := t.Context()
	newUser(t, s, "a")
	newOIDCClient(t, s, "c1")
	r := doneOIDCRequest(t, s, "r1", "c1", "a", []byte("code-1"), at(10*time.Minute))

	got, ok, err := s.RedeemOIDCAuthCode(ctx, []byte("code-1"), at(2*time.Minute))
	wantBool(t, "RedeemOIDCAuthCode", ok, err, true)
	want := *r
	want.RedeemedAt = at(2 * time.Minute)
	checkOIDCRequest(t, got, &want)
	checkOIDCRequest(t, getOIDCRequest(t, s, "r1"), &want)

	got, ok, err = s.RedeemOIDCAuthCode(ctx, []byte("code-1"), at(3*time.Minute))
	wantBool(t, "RedeemOIDCAuthCode again", ok, err, false)
	if got == nil {
		t.Fatal("RedeemOIDCAuthCode again returned no request")
	}
	// The second presentation marks the code reused; a third keeps the
	// first mark.
	want.ReusedAt = at(3 * time.Minute)
	checkOIDCRequest(t, got, &want)
	checkOIDCRequest(t, getOIDCRequest(t, s, "r1"), &want)
	got, _, err = s.RedeemOIDCAuthCode(ctx, []byte("code-1"), at(4*time.Minute))
	wantOK(t, "RedeemOIDCAuthCode a third time", err)
	checkOIDCRequest(t, got, &want)

	r2 := doneOIDCRequest(t, s, "r2", "c1", "a", []byte("code-2"), at(10*time.Minute))
	for _, when := range []time.Duration{10 * time.Minute, 11 * time.Minute} {
		got, ok, err = s.RedeemOIDCAuthCode(ctx, []byte("code-2"), at(when))
		wantBool(t, "RedeemOIDCAuthCode at or after expiry", ok, err, false)
		if got == nil {
			t.Fatal("RedeemOIDCAuthCode after expiry returned no request")
		}
		checkOIDCRequest(t, got, r2)
	}

	for _, code := range [][]byte{[]byte("unknown"), nil} {
		got, ok, err = s.RedeemOIDCAuthCode(ctx, code, at(time.Minute))
		wantErr(t, "RedeemOIDCAuthCode("+string(code)+")", err, core.ErrNotFound)
		if got != nil || ok {
			t.Errorf("RedeemOIDCAuthCode(%q) = %v, %v; want nil, false", code, got, ok)
		}
	}
	if _, _, err := s.RedeemOIDCAuthCode(ctx, []byte("code-2"), time.Time{}); err == nil {
		t.Error("RedeemOIDCAuthCode at the zero time worked")
	}
}
