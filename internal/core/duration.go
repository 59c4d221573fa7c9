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
