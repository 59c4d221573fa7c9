package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// signingKey is a key created at(created), with a sealed value naming it.
func signingKey(id, alg string, created time.Duration) core.OIDCSigningKey {
	return core.OIDCSigningKey{ID: id, Algorithm: alg, Sealed: []byte("sealed\x00\xff" + id), CreatedAt: at(created)}
}

// wantKeys fails the test unless the stored keys are want, in that order,
// with every field.
func wantKeys(t *testing.T, s core.Store, what string, want ...core.OIDCSigningKey) {
	t.Helper()
	got, err := s.OIDCSigningKeys(t.Context())
	wantOK(t, what+": OIDCSigningKeys", err)
	if len(got) != len(want) {
		t.Fatalf("%s: %d keys, want %d", what, len(got), len(want))
	}
	for i := range want {
		same(t, what+": ID", got[i].ID, want[i].ID)
		same(t, what+": Algorithm", got[i].Algorithm, want[i].Algorithm)
		sameBytes(t, what+": Sealed", got[i].Sealed, want[i].Sealed)
		sameTime(t, what+": CreatedAt", got[i].CreatedAt, want[i].CreatedAt)
		sameTime(t, what+": RetiredAt", got[i].RetiredAt, want[i].RetiredAt)
	}
}

// retired returns k retired at(d).
func retired(k core.OIDCSigningKey, d time.Duration) core.OIDCSigningKey {
	k.RetiredAt = at(d)
	return k
}

// testOIDCSigningKeys: adding keys retires the keys not retired yet, in
// the same transaction (a refused key retires nothing); the list is
// newest first; retired keys are deleted once retired long enough.
func testOIDCSigningKeys(t *testing.T, s core.Store) {
	ctx := t.Context()
	wantKeys(t, s, "no keys")
	k1 := signingKey("k1", "RS256", 0)
	wantOK(t, "AddOIDCSigningKeys(k1)", s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k1}, at(0)))
	wantKeys(t, s, "first key", k1)

	k2, k3 := signingKey("k2", "RS256", time.Hour), signingKey("k3", "ES256", time.Hour)
	wantOK(t, "AddOIDCSigningKeys(k2, k3)", s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k2, k3}, at(time.Hour)))
	wantKeys(t, s, "second pair", k3, k2, retired(k1, time.Hour))

	k4 := signingKey("k4", "ES256", 2*time.Hour)
	wantOK(t, "AddOIDCSigningKeys(k4)", s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k4}, at(2*time.Hour)))
	after := []core.OIDCSigningKey{k4, retired(k3, 2*time.Hour), retired(k2, 2*time.Hour), retired(k1, time.Hour)}
	wantKeys(t, s, "third key", after...)

	k5 := signingKey("k5", "RS256", 3*time.Hour)
	err := s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k5, signingKey("k4", "RS256", 3*time.Hour)}, at(3*time.Hour))
	wantErr(t, "AddOIDCSigningKeys with a taken ID", err, core.ErrConflict)
	wantKeys(t, s, "after a refused key", after...)
	if err := s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k5}, time.Time{}); err == nil {
		t.Error("AddOIDCSigningKeys retiring at the zero time worked")
	}
	if err := s.AddOIDCSigningKeys(ctx, nil, at(3*time.Hour)); err == nil {
		t.Error("AddOIDCSigningKeys with no keys worked")
	}
	wantKeys(t, s, "after refused calls", after...)

	n, err := s.DeleteOIDCSigningKeysRetiredBefore(ctx, at(2*time.Hour))
	wantInt(t, "DeleteOIDCSigningKeysRetiredBefore", n, err, 1)
	wantKeys(t, s, "after deleting the oldest", after[:3]...)
	n, err = s.DeleteOIDCSigningKeysRetiredBefore(ctx, at(100*time.Hour))
	wantInt(t, "DeleteOIDCSigningKeysRetiredBefore", n, err, 2)
	wantKeys(t, s, "after deleting every retired key", k4)
}

// testResealOIDCSigningKeys: every sealed key goes through fn; an error
// from fn, even after other keys were rewritten, changes nothing.
func testResealOIDCSigningKeys(t *testing.T, s core.Store) {
	ctx := t.Context()
	k1, k2 := signingKey("k1", "RS256", 0), signingKey("k2", "ES256", time.Hour)
	wantOK(t, "AddOIDCSigningKeys", s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k1}, at(0)))
	wantOK(t, "AddOIDCSigningKeys", s.AddOIDCSigningKeys(ctx, []core.OIDCSigningKey{k2}, at(time.Hour)))
	k1 = retired(k1, time.Hour)

	seen := 0
	_, err := s.ResealOIDCSigningKeys(ctx, func(id string, sealed []byte) ([]byte, error) {
		seen++
		if seen == 2 {
			return nil, errors.New("boom")
		}
		return append([]byte("new:"), sealed...), nil
	})
	if err == nil {
		t.Fatal("ResealOIDCSigningKeys with a failing fn worked")
	}
	same(t, "keys offered before the failure", seen, 2)
	wantKeys(t, s, "after a failed reseal", k2, k1)

	offered := map[string][]byte{}
	n, err := s.ResealOIDCSigningKeys(ctx, func(id string, sealed []byte) ([]byte, error) {
		offered[id] = sealed
		return append([]byte("new:"), sealed...), nil
	})
	wantInt(t, "ResealOIDCSigningKeys", n, err, 2)
	sameBytes(t, "sealed k1 offered", offered["k1"], k1.Sealed)
	sameBytes(t, "sealed k2 offered", offered["k2"], k2.Sealed)
	k1.Sealed = append([]byte("new:"), k1.Sealed...)
	k2.Sealed = append([]byte("new:"), k2.Sealed...)
	wantKeys(t, s, "after ResealOIDCSigningKeys", k2, k1)
}
