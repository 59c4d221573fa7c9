package core

import (
	"testing"
	"time"
)

// TestWithDefaults: an empty Config takes every default except the
// booleans and the settings whose zero is a value of its own, which keep
// what was given; set values stay.
func TestWithDefaults(t *testing.T) {
	want := DefaultConfig()
	want.Email2FADefault = false
	want.TOTPSkew, want.EnforcementGrace = 0, 0
	if got := (Config{}).withDefaults(); got != want {
		t.Fatalf("Config{}.withDefaults() =\n%+v\nwant\n%+v", got, want)
	}
	set := Config{EmailCodeTTL: time.Minute, ChallengeAttempts: 3, LoginLimit: Policy{Free: 2, Base: time.Second, Max: time.Minute}}
	got := set.withDefaults()
	if got.EmailCodeTTL != time.Minute || got.ChallengeAttempts != 3 || got.LoginLimit != set.LoginLimit {
		t.Fatalf("set values were replaced: %+v", got)
	}
}
