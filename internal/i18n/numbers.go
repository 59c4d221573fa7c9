package i18n

import "golang.org/x/text/number"

// Number writes n in the printer's language: its digits and its grouping
// separator ("1,234", "1.234", "١٬٢٣٤").
func (p *Printer) Number(n int) string {
	return p.p.Sprint(number.Decimal(n))
}

// Percent writes the fraction f (0.5 for half) as a percentage with one
// decimal, as the language writes it: "50.0%", "50,0 %", "٥٠٫٠٪".
func (p *Printer) Percent(f float64) string {
	return p.p.Sprint(number.Percent(f, number.Scale(1)))
}
