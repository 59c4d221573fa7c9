package storetest

import (
	"context"
	"strconv"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// benchUseTOTPStepDrift is benchUseTOTPStep as the second step of a login
// runs it: the step used and where it matched recorded in one statement,
// each call building on the record the last one stored.
func benchUseTOTPStepDrift(b *testing.B, s core.Store) {
	ctx := context.Background()
	benchUser(b, ctx, s, "u")
	step, seen := int64(0), ""
	b.ReportAllocs()
	for b.Loop() {
		step++
		next := core.TOTPDrift{Recent: strconv.FormatInt(step%2, 10) + ",1,1"}
		ok, err := s.UseTOTPStepDrift(ctx, "u", step, seen, next)
		if err != nil || !ok {
			b.Fatalf("UseTOTPStepDrift(%d) = %v, %v", step, ok, err)
		}
		seen = next.Recent
	}
}
