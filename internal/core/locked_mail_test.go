package core

import (
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// TestLockedMailRoundsUp checks that the lock notice never names a time
// before the lock ends: its minutes are rounded up, and a lock that ends on
// a whole minute keeps it.
func TestLockedMailRoundsUp(t *testing.T) {
	en := i18n.NewPrinter(i18n.English)
	for _, c := range []struct {
		until time.Time
		want  string
	}{
		{time.Date(2026, 12, 1, 12, 0, 1, 0, time.UTC), "until 1 Dec 2026, 12:01 UTC"},
		{time.Date(2026, 12, 1, 12, 59, 59, 0, time.UTC), "until 1 Dec 2026, 13:00 UTC"},
		{time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), "until 1 Dec 2026, 12:00 UTC"},
	} {
		if got := lockedBody(en, true, 5, "192.0.2.1", c.until); !strings.Contains(got, c.want) {
			t.Errorf("locked until %s: the mail says %q, want %q", c.until.Format(time.TimeOnly), got, c.want)
		}
	}
}
