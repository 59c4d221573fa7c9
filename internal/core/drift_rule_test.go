package core

import (
	"slices"
	"testing"
	"time"
)

// TestDriftSteps is the rule that turns where the newest codes matched
// into a clock drift.
func TestDriftSteps(t *testing.T) {
	for _, c := range []struct {
		name    string
		offsets []int // newest first
		want    int
	}{
		{"no codes", nil, 0},
		{"two early codes are too few", []int{1, 1}, 0},
		{"three early codes: ahead one step", []int{1, 1, 1}, 1},
		{"three late codes: behind one step", []int{-1, -1, -1}, -1},
		{"only the newest three count", []int{1, 1, 1, 0, -1}, 1},
		{"an on-time code among the newest three", []int{1, 0, 1, 1, 1}, 0},
		{"on time", []int{0, 0, 0, 0, 0}, 0},
		{"early and late mixed", []int{1, -1, 1}, 0},
		{"the newest late after early ones", []int{-1, 1, 1, 1}, 0},
		{"two steps ahead", []int{2, 2, 2}, 2},
		{"a mean of 1.67 steps rounds to 2", []int{2, 1, 2}, 2},
		{"a mean of 1.33 steps rounds to 1", []int{1, 2, 1}, 1},
		{"a mean of -1.67 steps rounds to -2", []int{-2, -2, -1}, -2},
	} {
		if got := driftSteps(c.offsets); got != c.want {
			t.Errorf("%s: driftSteps(%v) = %d, want %d", c.name, c.offsets, got, c.want)
		}
	}
}

// TestNextDrift follows an account's record code by code: the offsets
// kept, the drift found, and since when.
func TestNextDrift(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		offset      int
		wantRecent  string
		wantSeconds int
		wantSince   int // index of the code whose time Since must be; -1 for zero
	}{
		{0, "0", 0, -1},
		{1, "1,0", 0, -1},
		{1, "1,1,0", 0, -1},
		{1, "1,1,1,0", 30, 3},
		{1, "1,1,1,1,0", 30, 3}, // the same drift: Since stays
		{1, "1,1,1,1,1", 30, 3}, // at most five offsets are kept
		{0, "0,1,1,1,1", 0, -1}, // the clock was set right
		{-1, "-1,0,1,1,1", 0, -1},
		{-1, "-1,-1,0,1,1", 0, -1},
		{-1, "-1,-1,-1,0,1", -30, 9}, // now behind: found again, at this code
	}
	var d TOTPDrift
	for i, s := range steps {
		now := t0.Add(time.Duration(i) * time.Hour)
		d = nextDrift(d, s.offset, now)
		var since time.Time
		if s.wantSince >= 0 {
			since = t0.Add(time.Duration(s.wantSince) * time.Hour)
		}
		if d.Recent != s.wantRecent || d.Seconds != s.wantSeconds || !d.Since.Equal(since) {
			t.Fatalf("after code %d (offset %d): %+v, want Recent %q, Seconds %d, Since %v",
				i, s.offset, d, s.wantRecent, s.wantSeconds, since)
		}
	}
}

// TestParseOffsets reads what formatOffsets wrote, and forgets a record it
// cannot read rather than failing a login over it.
func TestParseOffsets(t *testing.T) {
	for _, offsets := range [][]int{nil, {0}, {1, -1, 0, 2, -2}} {
		if got := parseOffsets(formatOffsets(offsets)); !slices.Equal(got, offsets) {
			t.Errorf("parseOffsets(formatOffsets(%v)) = %v", offsets, got)
		}
	}
	for _, bad := range []string{"x", "1,,1", "1,a", ","} {
		if got := parseOffsets(bad); got != nil {
			t.Errorf("parseOffsets(%q) = %v, want nil", bad, got)
		}
	}
}
