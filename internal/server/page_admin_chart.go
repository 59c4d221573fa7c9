package server

import (
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// The dashboard's charts are SVG drawn here and written by the template
// into the page: no script, no style attribute, so the strict
// Content-Security-Policy holds. Each chart has a text equivalent (a
// <title>, a <desc> and a table or a list) for screen readers and text
// browsers. Every text is written in the page's language.

// adoptionPart is one part of the adoption bar: a share of all accounts.
// Label is a message the template translates; Percent is written in the
// page's language.
type adoptionPart struct {
	Label   string
	Class   string
	Count   int
	Percent string
	// X and Width place the part on the bar, in percent of its length.
	X, Width float64
}

// adoptionParts splits the accounts by second factor.
func adoptionParts(pr *i18n.Printer, c core.SecondFactorCounts) []adoptionPart {
	parts := []adoptionPart{
		{Label: "Authenticator app", Class: "totp", Count: c.TOTP},
		{Label: "Email codes only", Class: "email", Count: c.EmailOnly},
		{Label: "No second factor", Class: "none", Count: c.None()},
	}
	x := 0.0
	for i := range parts {
		p := &parts[i]
		p.Percent = percent(pr, p.Count, c.Accounts)
		p.X = x
		if c.Accounts > 0 {
			p.Width = float64(p.Count) * 100 / float64(c.Accounts)
		}
		x += p.Width
	}
	return parts
}

// adoptionSummary is the adoption bar in one sentence, for its <title>.
func adoptionSummary(pr *i18n.Printer, accounts int, parts []adoptionPart) string {
	return pr.T("Second factors of %[1]d accounts: Authenticator app %[2]s, Email codes only %[3]s, No second factor %[4]s",
		accounts, parts[0].Percent, parts[1].Percent, parts[2].Percent)
}

// Geometry of the activity chart, in SVG user units.
const (
	chartWidth  = 720
	chartBars   = 70 // height of a panel's bars
	chartLabel  = 36 // room above each panel for its title
	chartTicks  = 22 // room below the last panel for the dates
	chartBarGap = 4  // between the bars of two days
)

// activityChart is the chart of second-factor activity: one panel per
// series, each on its own scale, so that a few lock-outs show next to
// thousands of successes.
type activityChart struct {
	Width, Height int
	// Summary is the chart in one sentence, its <desc>.
	Summary string
	Panels  []chartPanel
	Ticks   []chartTick
	TicksY  int
}

// chartPanel is one series of the chart. Title is its heading in the
// page's language, with the total and the highest day.
type chartPanel struct {
	Title, Class string
	Total, Max   int
	// LabelY is the baseline of the title, BaseY the bottom of the bars.
	LabelY, BaseY int
	Bars          []chartBar
}

// chartBar is one day of a series; Label is its tooltip.
type chartBar struct {
	X, Y, W, H float64
	Label      string
}

// chartTick is a date under the chart.
type chartTick struct {
	X      float64
	Text   string
	Anchor string
}

// chartSeries are the panels of the activity chart: title, class, the
// bar's tooltip (a plural message of the count and the day) and the value
// of a day.
var chartSeries = []struct {
	title, class, bar string
	value             func(core.DayActivity) int
}{
	{"Second-factor successes", "ok", "%[2]s: %[1]d successes", func(d core.DayActivity) int { return d.Successes }},
	{"Wrong second factors", "fail", "%[2]s: %[1]d failures", func(d core.DayActivity) int { return d.Failures }},
	{"Lock-outs", "lock", "%[2]s: %[1]d lock-outs", func(d core.DayActivity) int { return d.Lockouts }},
}

// newActivityChart lays out the days as three panels of bars:
// successes, failures and lock-outs, with their texts in pr's language.
func newActivityChart(pr *i18n.Printer, days []core.DayActivity) activityChart {
	c := activityChart{Width: chartWidth}
	slot := float64(chartWidth) / float64(max(len(days), 1))
	y := 0
	var totals []int
	for _, sr := range chartSeries {
		p := chartPanel{Class: sr.class, LabelY: y + chartLabel - 12, BaseY: y + chartLabel + chartBars}
		for _, d := range days {
			n := sr.value(d)
			p.Total += n
			p.Max = max(p.Max, n)
		}
		for i, d := range days {
			n := sr.value(d)
			h := 0.0
			if p.Max > 0 {
				h = float64(n) * chartBars / float64(p.Max)
			}
			if n > 0 && h < 1 {
				h = 1 // one event still shows
			}
			p.Bars = append(p.Bars, chartBar{X: float64(i)*slot + chartBarGap/2, Y: float64(p.BaseY) - h,
				W: slot - chartBarGap, H: h, Label: pr.T(sr.bar, n, pr.DayMonth(d.Day))})
		}
		p.Title = pr.T("%[1]s: %[2]d in all, at most %[3]d a day", pr.Known(sr.title), p.Total, p.Max)
		c.Panels = append(c.Panels, p)
		totals = append(totals, p.Total)
		y = p.BaseY
	}
	c.TicksY = y + chartTicks - 6
	c.Height = y + chartTicks
	for i := 0; i < len(days)-3; i += 7 { // the last day has a label of its own
		c.Ticks = append(c.Ticks, chartTick{X: float64(i)*slot + chartBarGap/2, Text: pr.DayMonth(days[i].Day), Anchor: "start"})
	}
	if n := len(days); n > 0 {
		c.Ticks = append(c.Ticks, chartTick{X: chartWidth, Text: pr.DayMonth(days[n-1].Day), Anchor: "end"})
		c.Summary = pr.T("From %[1]s to %[2]s: %[3]d successes, %[4]d failures and %[5]d lock-outs. Each series has its own scale.",
			pr.DayMonth(days[0].Day), pr.Date(days[n-1].Day), totals[0], totals[1], totals[2])
	}
	return c
}
