package server

import "github.com/twofa-dev/twofa/internal/core"

// driftNotice is the Security page's warning that the clock of the
// authenticator app is off.
type driftNotice struct {
	// Seconds is how far off, always positive.
	Seconds int
	// Way is "ahead" or "behind".
	Way   string
	Since timeText
}

// newDriftNotice describes d for the page; nil when there is no drift.
func newDriftNotice(d *core.ClockDrift) *driftNotice {
	if d == nil || d.Seconds == 0 {
		return nil
	}
	n := &driftNotice{Seconds: d.Seconds, Way: "ahead", Since: newTimeText(d.Since)}
	if d.Seconds < 0 {
		n.Seconds, n.Way = -d.Seconds, "behind"
	}
	return n
}
