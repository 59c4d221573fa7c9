package i18n

import (
	"strings"
	"testing"
	"time"
)

// TestDateTimeInEachLanguage checks the order, month names and digits of a
// moment in each language; English keeps the form pages used before.
func TestDateTimeInEachLanguage(t *testing.T) {
	at := time.Date(2026, time.November, 6, 9, 5, 0, 0, time.FixedZone("CET", 3600))
	want := map[string]string{
		"en":      "6 Nov 2026, 08:05 UTC",
		"de":      "6. Nov. 2026, 08:05 UTC",
		"fr":      "6 nov. 2026, 08:05 UTC",
		"es":      "6 nov 2026, 08:05 UTC",
		"pt-BR":   "6 de nov. de 2026, 08:05 UTC",
		"ja":      "2026年11月6日 08:05 UTC",
		"zh-Hans": "2026年11月6日 08:05 UTC",
		"ar":      "٦ نوفمبر ٢٠٢٦، ٠٨:٠٥ UTC",
	}
	for _, l := range Languages {
		if got := NewPrinter(l).DateTime(at); got != want[l.Code] {
			t.Errorf("%s: DateTime = %q, want %q", l.Code, got, want[l.Code])
		}
	}
	if got := NewPrinter(English).Date(at); got != "6 Nov 2026" {
		t.Errorf("en: Date = %q", got)
	}
	if got := NewPrinter(English).DayMonth(at); got != "6 Nov" {
		t.Errorf("en: DayMonth = %q", got)
	}
}

// TestYearHasNoGrouping guards the digits of a year against the grouping a
// plain %d gets in most languages ("2.026").
func TestYearHasNoGrouping(t *testing.T) {
	at := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)
	for _, l := range Languages {
		got := NewPrinter(l).Date(at)
		for _, sep := range []string{"2.026", "2,026", "2 026", "٢٬٠٢٦"} {
			if strings.Contains(got, sep) {
				t.Errorf("%s: %q groups the year", l.Code, got)
			}
		}
	}
}

// TestMonthsForEveryLanguage fails when a language has no month names.
func TestMonthsForEveryLanguage(t *testing.T) {
	for _, l := range Languages {
		m, ok := months[l.Code]
		if !ok {
			t.Errorf("%s has no month names", l.Code)
		}
		for i, name := range m {
			if name == "" {
				t.Errorf("%s: month %d has no name", l.Code, i+1)
			}
		}
	}
}
