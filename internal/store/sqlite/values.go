package sqlite

import (
	"errors"
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
