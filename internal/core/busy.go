package core

import (
	"errors"
	"fmt"
	"time"

	"github.com/twofa-dev/twofa/internal/password"
)

// hashFailed turns an error of the password hasher into the answer: a full
// queue (password.ErrBusy) is a busy error the client may retry after a
// second; anything else is wrapped with what was being done.
func hashFailed(what string, err error) error {
	if errors.Is(err, password.ErrBusy) {
		return errBusy()
	}
	return fmt.Errorf("%s: %w", what, err)
}

// errBusy is the answer when the password hasher refuses more work.
func errBusy() error {
	e := errorf(CodeBusy, "the server is busy checking other passwords; nothing was done, try again in a moment")
	e.RetryAfter = time.Second
	return e
}

// isBusy reports whether err is the answer hashFailed gives to a full queue.
func isBusy(err error) bool {
	e, ok := AsError(err)
	return ok && e.Code == CodeBusy
}
