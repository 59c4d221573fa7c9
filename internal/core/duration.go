package core

import (
	"fmt"
	"time"
)

// HumanDuration writes d for people, rounded up to whole seconds below a
// minute and to whole minutes from there: "1 second", "45 seconds",
// "10 minutes". Mails and pages use it.
func HumanDuration(d time.Duration) string {
	switch {
	case d <= time.Second:
		return "1 second"
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int((d+time.Second-1)/time.Second))
	case d <= time.Minute:
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", int((d+time.Minute-1)/time.Minute))
}

// humanLifetime writes how long something stays valid, rounded down to
// whole minutes (or seconds, under a minute), so a mail never promises
// more time than it gives: 10m30s is "10 minutes".
func humanLifetime(d time.Duration) string {
	if d >= time.Minute {
		return HumanDuration(d.Truncate(time.Minute))
	}
	return HumanDuration(d.Truncate(time.Second))
}
