package server

import (
	"testing"
	"time"
)

// TestPasskeyBeginLimit: every passkey sign-in begun stores a ceremony for
// whoever asks, so one client address may begin 100; the next is refused
// with too-many-attempts and Retry-After, and stores nothing. A minute
// later it may begin one more.
func TestPasskeyBeginLimit(t *testing.T) {
	onBothStores(t, func(t *testing.T, e *env) {
		for i := range 100 {
			if r := e.call("POST", "/api/v1/login/passkey/begin", "", nil); r.status != 200 {
				t.Fatalf("begin %d: %d %s", i+1, r.status, r.raw)
			}
		}
		r := e.expect(e.call("POST", "/api/v1/login/passkey/begin", "", nil), 429, "too-many-attempts")
		if r.header.Get("Retry-After") != "60" {
			t.Errorf("the refusal's Retry-After is %q, want 60", r.header.Get("Retry-After"))
		}
		e.Clock.Advance(time.Minute)
		e.expect(e.call("POST", "/api/v1/login/passkey/begin", "", nil), 200, "")
		e.expect(e.call("POST", "/api/v1/login/passkey/begin", "", nil), 429, "too-many-attempts")
	})
}
