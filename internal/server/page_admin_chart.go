package server

import (
	"fmt"
	"strconv"

	"github.com/twofa-dev/twofa/internal/core"
)

// The dashboard's charts are SVG drawn here and written by the template
// into the page: no script, no style attribute, so the strict
// Content-Security-Policy holds. Each chart has a text equivalent (a
// <title>, a <desc> and a table or a list) for screen readers and text
// browsers.

// adoptionPart is one part of the adoption bar: a share of all accounts.
type adoptionPart struct {
	Label   string
	Class   string
	Count   int
	Percent string
	// X and Width place the part on the bar, in percent of its length.
	X, Width float64
}

// adoptionParts splits the accounts by second factor.
func adoptionParts(c core.SecondFactorCounts) []adoptionPart {
	parts := []adoptionPart{
		{Label: "Authenticator app", Class: "totp", Count: c.TOTP},
		{Label: "Email codes only", Class: "email", Count: c.EmailOnly},
		{Label: "No second factor", Class: "none", Count: c.None()},
	}
	x := 0.0
	for i := range parts {
		p := &parts[i]
		p.Percent = percent(p.Count, c.Accounts)
		p.X = x
		if c.Accounts > 0 {
			p.Width = float64(p.Count) * 100 / float64(c.Accounts)
		}
		x += p.Width
	}
	return parts
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

// chartPanel is one series of the chart.
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

// newActivityChart lays out the days as three panels of bars:
// successes, failures and lock-outs.
func newActivityChart(days []core.DayActivity) activityChart {
	series := []struct {
		title, class, noun string
		value              func(core.DayActivity) int
	}{
		{"Second-factor successes", "ok", "successes", func(d core.DayActivity) int { return d.Successes }},
		{"Wrong second factors", "fail", "failures", func(d core.DayActivity) int { return d.Failures }},
		{"Lock-outs", "lock", "lock-outs", func(d core.DayActivity) int { return d.Lockouts }},
	}
	c := activityChart{Width: chartWidth}
	slot := float64(chartWidth) / float64(max(len(days), 1))
	y := 0
	var totals []string
	for _, sr := range series {
		p := chartPanel{Title: sr.title, Class: sr.class, LabelY: y + chartLabel - 12, BaseY: y + chartLabel + chartBars}
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
				W: slot - chartBarGap, H: h, Label: fmt.Sprintf("%s: %d %s", d.Day.Format("Mon 2 Jan"), n, sr.noun)})
		}
		c.Panels = append(c.Panels, p)
		totals = append(totals, strconv.Itoa(p.Total)+" "+sr.noun)
		y = p.BaseY
	}
	c.TicksY = y + chartTicks - 6
	c.Height = y + chartTicks
	for i := 0; i < len(days)-3; i += 7 { // the last day has a label of its own
		c.Ticks = append(c.Ticks, chartTick{X: float64(i)*slot + chartBarGap/2, Text: days[i].Day.Format("2 Jan"), Anchor: "start"})
	}
	if n := len(days); n > 0 {
		c.Ticks = append(c.Ticks, chartTick{X: chartWidth, Text: days[n-1].Day.Format("2 Jan"), Anchor: "end"})
		c.Summary = fmt.Sprintf("From %s to %s: %s, %s and %s. Each series has its own scale.",
			days[0].Day.Format("2 January"), days[n-1].Day.Format("2 January 2006"), totals[0], totals[1], totals[2])
	}
	return c
}
