package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// benchSignedInRead measures what a signed-in request reads, for a user
// with ten recovery codes: three reads (SessionByHash, UserByID,
// RecoveryCodesLeft), as before SessionViewByHash, or that one read (view).
func benchSignedInRead(b *testing.B, s core.Store, view bool) {
	ctx := context.Background()
	benchUser(b, ctx, s, "u")
	hashes := make([][]byte, 10)
	for i := range hashes {
		hashes[i] = []byte{byte(i)}
	}
	if err := s.ReplaceRecoveryCodes(ctx, "u", hashes, base); err != nil {
		b.Fatalf("ReplaceRecoveryCodes: %v", err)
	}
	sess := &core.Session{ID: "s", TokenHash: "h", UserID: "u", CreatedAt: base, ExpiresAt: base.Add(time.Hour), LastSeen: base}
	if err := s.CreateSession(ctx, sess); err != nil {
		b.Fatalf("CreateSession: %v", err)
	}
	now := base.Add(time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		if view {
			v, err := s.SessionViewByHash(ctx, "h", now)
			if err != nil || v.RecoveryLeft != 10 {
				b.Fatalf("SessionViewByHash: %v", err)
			}
			continue
		}
		got, err := s.SessionByHash(ctx, "h", now)
		if err != nil {
			b.Fatalf("SessionByHash: %v", err)
		}
		if _, err := s.UserByID(ctx, got.UserID); err != nil {
			b.Fatalf("UserByID: %v", err)
		}
		if n, err := s.RecoveryCodesLeft(ctx, got.UserID); err != nil || n != 10 {
			b.Fatalf("RecoveryCodesLeft = %d, %v", n, err)
		}
	}
}
