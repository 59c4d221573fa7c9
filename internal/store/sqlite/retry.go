package sqlite

import (
	"context"
	"time"
)

// attempts bounds how often retry calls its function.
const attempts = 5

// retry calls fn until it succeeds, fails with an error that again does not
// accept, the context ends or attempts run out, waiting a little longer
// before each new attempt. It returns fn's last error.
func retry(ctx context.Context, fn func() error, again func(error) bool) error {
	var err error
	for attempt := range attempts {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return err
			case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
			}
		}
		if err = fn(); err == nil || !again(err) {
			return err
		}
	}
	return err
}
