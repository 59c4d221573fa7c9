package core_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// publishedIDs lists the ids of the keys the provider publishes now.
func publishedIDs(t *testing.T, r *rig) []string {
	t.Helper()
	keys, err := r.Svc.OIDCKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range keys.Published {
		ids = append(ids, k.ID)
	}
	return ids
}

// storedIDs lists the ids of the keys in the database.
func storedIDs(t *testing.T, r *rig) []string {
	t.Helper()
	keys, err := r.Store.OIDCSigningKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.ID)
	}
	return ids
}

// TestRetiredSigningKeyPublishedThenDeleted: a key retired by a rotation
// stays published, and stored, until every ID token it signed has expired
// (OIDCIDTokenTTL and 5 minutes); then it is no longer published and
// Cleanup deletes it.
func TestRetiredSigningKeyPublishedThenDeleted(t *testing.T) {
	t.Parallel()
	onBothStores(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		if err := r.Svc.EnsureOIDCSigningKeys(ctx); err != nil {
			t.Fatal(err)
		}
		old := storedIDs(t, r)
		r.Clock.Advance(time.Minute)
		fresh, err := r.Svc.RotateOIDCSigningKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		retention := r.Svc.Config().OIDCIDTokenTTL + 5*time.Minute
		r.Clock.Advance(retention - time.Second)
		if _, err := r.Svc.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
		if got := publishedIDs(t, r); len(got) != 4 || !slices.Contains(got, old[0]) || !slices.Contains(got, fresh[0]) {
			t.Fatalf("published %v before the retention ends, want %v and %v", got, old, fresh)
		}
		if got := storedIDs(t, r); len(got) != 4 {
			t.Fatalf("Cleanup left %v before the retention ends, want 4 keys", got)
		}
		r.Clock.Advance(time.Minute)
		if got := publishedIDs(t, r); len(got) != 2 || slices.Contains(got, old[0]) || slices.Contains(got, old[1]) {
			t.Fatalf("published %v after the retention, want only %v", got, fresh)
		}
		if _, err := r.Svc.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
		if got := storedIDs(t, r); !slices.Equal(sorted(got), sorted(fresh)) {
			t.Fatalf("stored %v after Cleanup, want %v", got, fresh)
		}
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestRotatedKeySignsOncePublished: the keys a rotation makes sign once
// every instance publishes them (keyCacheTTL, 30 s, after the rotation);
// until then the key they replace signs, which stays published long
// enough. This holds even when the rotating instance's clock shows the
// same time as (or a time before) the retired keys' creation, as with
// clocks apart across instances.
func TestRotatedKeySignsOncePublished(t *testing.T) {
	t.Parallel()
	for _, alg := range []string{core.AlgRS256, core.AlgES256} {
		t.Run(alg, func(t *testing.T) {
			r := newRig(t, func(c *core.Config) { c.OIDCSigningAlg = alg })
			ctx := context.Background()
			if err := r.Svc.EnsureOIDCSigningKeys(ctx); err != nil {
				t.Fatal(err)
			}
			for i := range 8 {
				if i%2 == 1 {
					r.Clock.Advance(-time.Second)
				}
				before, err := r.Svc.OIDCKeys(ctx)
				if err != nil {
					t.Fatal(err)
				}
				fresh, err := r.Svc.RotateOIDCSigningKeys(ctx)
				if err != nil {
					t.Fatal(err)
				}
				keys, err := r.Svc.OIDCKeys(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if keys.Signing.ID != before.Signing.ID {
					t.Fatalf("rotation %d: %s signs at once, want %s until the new key is published everywhere", i, keys.Signing.ID, before.Signing.ID)
				}
				r.Clock.Advance(31 * time.Second)
				keys, err = r.Svc.OIDCKeys(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(fresh, keys.Signing.ID) || keys.Signing.Algorithm != alg {
					t.Fatalf("rotation %d: %s %s signs 31 s later, want one of %v", i, keys.Signing.Algorithm, keys.Signing.ID, fresh)
				}
			}
		})
	}
}
