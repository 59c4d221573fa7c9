package core_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

func TestHumanDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "1 second"},
		{time.Second, "1 second"},
		{1500 * time.Millisecond, "2 seconds"},
		{45 * time.Second, "45 seconds"},
		{time.Minute, "1 minute"},
		{61 * time.Second, "2 minutes"},
		{10 * time.Minute, "10 minutes"},
		{4 * time.Hour, "240 minutes"},
	} {
		if got := core.HumanDuration(tc.d); got != tc.want {
			t.Errorf("HumanDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestCodeMailStatesLifetime: the mail says how long its code lasts, also
// when --email-code-ttl is under a minute.
func TestCodeMailStatesLifetime(t *testing.T) {
	for _, tc := range []struct {
		ttl  time.Duration
		want string
	}{
		{10 * time.Minute, "valid for 10 minutes"},
		{45 * time.Second, "valid for 45 seconds"},
		{10*time.Minute + 30*time.Second, "valid for 10 minutes"}, // never more than it is
	} {
		r := newRig(t, func(c *core.Config) { c.EmailCodeTTL = tc.ttl })
		r.signUp("ttl@example.com")
		r.login("ttl@example.com")
		m := r.WaitMail("ttl@example.com", regexp.MustCompile("verification code"))
		if !strings.Contains(m.Text, tc.want) {
			t.Errorf("--email-code-ttl %v: mail lacks %q:\n%s", tc.ttl, tc.want, m.Text)
		}
	}
}
