package core

import (
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// english prints the texts that have no reader's language to follow.
var english = i18n.NewPrinter(i18n.English)

// HumanDuration writes d for people, in English, rounded up to whole
// seconds below a minute and to whole minutes from there: "1 second",
// "45 seconds", "10 minutes". Mails and pages use it; HumanDurationIn
// writes it in another language.
func HumanDuration(d time.Duration) string {
	return HumanDurationIn(english, d)
}
