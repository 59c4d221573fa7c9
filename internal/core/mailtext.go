package core

import (
	"time"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// mailPrinter prints the mails to u in the account's language (English
// when it has none).
func mailPrinter(u *User) *i18n.Printer {
	return i18n.NewPrinter(i18n.Choose(u.Language, ""))
}

// HumanDurationIn is HumanDuration in p's language.
func HumanDurationIn(p *i18n.Printer, d time.Duration) string {
	switch {
	case d <= time.Second:
		return p.T("%d seconds", 1)
	case d < time.Minute:
		return p.T("%d seconds", int((d+time.Second-1)/time.Second))
	case d <= time.Minute:
		return p.T("%d minutes", 1)
	}
	return p.T("%d minutes", int((d+time.Minute-1)/time.Minute))
}

// lifetimeIn writes, in p's language, how long something stays valid,
// rounded down to whole minutes (or seconds, under a minute), so a mail
// never promises more time than it gives: 10m30s is "10 minutes".
func lifetimeIn(p *i18n.Printer, d time.Duration) string {
	if d >= time.Minute {
		return HumanDurationIn(p, d.Truncate(time.Minute))
	}
	return HumanDurationIn(p, d.Truncate(time.Second))
}
