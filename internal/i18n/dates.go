package i18n

import (
	"time"

	"golang.org/x/text/number"
)

// months holds the month names of each language as a date shows them,
// January first: the abbreviated form where the language abbreviates in
// running text, the full name where it does not.
var months = map[string][12]string{
	"en":      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"de":      {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	"fr":      {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"es":      {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	"pt-BR":   {"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."},
	"ja":      {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"},
	"zh-Hans": {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"},
	"ar":      {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
}

// The formats of a date, as catalogue messages: %[1]s is the day, %[2]s the
// month's name, %[3]s the year and %[4]s the time of day (15:04), each
// already written in the language's digits.
const (
	dateTimeFormat = "%[1]s %[2]s %[3]s, %[4]s UTC"
	dateFormat     = "%[1]s %[2]s %[3]s"
	dayMonthFormat = "%[1]s %[2]s"
)

// DateTime writes t, in UTC, as pages and mails show a moment: day, month,
// year and time of day in the language's order, month names and digits,
// such as "26 Nov 2026, 12:00 UTC" or "2026年11月26日 12:00 UTC".
func (p *Printer) DateTime(t time.Time) string {
	t = t.UTC()
	day, month, year := p.dateParts(t)
	clock := p.digits(t.Hour(), 2) + ":" + p.digits(t.Minute(), 2)
	return p.T(dateTimeFormat, day, month, year, clock)
}

// Date writes the day of t, in UTC: "26 Nov 2026".
func (p *Printer) Date(t time.Time) string {
	day, month, year := p.dateParts(t.UTC())
	return p.T(dateFormat, day, month, year)
}

// DayMonth writes the day and month of t, in UTC, for a date whose year is
// plain from where it stands: "26 Nov".
func (p *Printer) DayMonth(t time.Time) string {
	day, month, _ := p.dateParts(t.UTC())
	return p.T(dayMonthFormat, day, month)
}

func (p *Printer) dateParts(t time.Time) (day, month, year string) {
	names, ok := months[p.Code]
	if !ok {
		names = months["en"]
	}
	return p.digits(t.Day(), 1), names[t.Month()-1], p.digits(t.Year(), 1)
}

// digits writes n in the language's digits with at least min of them and
// no grouping separator, as the parts of a date need ("2026", not "2.026").
func (p *Printer) digits(n, min int) string {
	return p.p.Sprint(number.Decimal(n, number.NoSeparator(), number.MinIntegerDigits(min)))
}
