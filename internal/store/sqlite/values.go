package sqlite

import (
	"errors"
	"strings"
	"time"
)

// errZeroTime refuses to mark something used at the zero time, which is
// stored as 0 and would read back as "never used".
var errZeroTime = errors.New("zero time given for a use")

// micros converts t to the stored form: unix microseconds, 0 for the zero
// time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros converts a stored time back: 0 is the zero time, anything else
// a UTC time.
func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// blob converts b to the stored form: NULL when empty, so that "no secret"
// has one representation.
func blob(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// boolInt converts b to the stored form of a boolean.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// errListValue refuses a list value that its stored form, one value per
// line, could not give back.
var errListValue = errors.New("a list value is empty or holds a line break")

// checkLists returns errListValue if a value of any of the lists cannot
// be stored by lines.
func checkLists(lists ...[]string) error {
	for _, list := range lists {
		for _, v := range list {
			if v == "" || strings.Contains(v, "\n") {
				return errListValue
			}
		}
	}
	return nil
}

// lines converts a list (checked by checkLists) to its stored form, one
// value per line. Nil and empty lists are both "", which splitLines reads
// back as nil.
func lines(list []string) string { return strings.Join(list, "\n") }

// splitLines is the inverse of lines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
