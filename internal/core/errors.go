package core

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. They are part of the public API contract: clients branch on
// them, so they never change once released.
const (
	CodeBadRequest         = "bad-request"
	CodeEmailTaken         = "email-taken"
	CodeInvalidCredentials = "invalid-credentials"
	CodeTwoFactorRequired  = "2fa-required"
	CodeTwoFactorInvalid   = "2fa-invalid"
	CodeChallengeExpired   = "challenge-expired"
	CodeTooManyAttempts    = "too-many-attempts"
	CodeUnauthenticated    = "unauthenticated"
	CodeTOTPAlreadyEnabled = "totp-already-enabled"
	CodeTOTPNotEnabled     = "totp-not-enabled"
	CodeTOTPSetupMissing   = "totp-setup-missing"
	CodeMethodUnavailable  = "method-unavailable"
	CodeNotFound           = "not-found"
	CodeBusy               = "busy"
	CodeUndoInvalid        = "undo-invalid"
	// CodeUnavailable answers a request that failed on ErrUnavailable: the
	// database cannot be reached. The HTTP layer sets it, not the core.
	CodeUnavailable = "unavailable"
)

// Error is a failure the user or client can act on. The HTTP layer turns it
// into a status code and a JSON body; the Code is the stable part.
type Error struct {
	Code    string
	Message string
	// Field names the input at fault, for bad-request.
	Field string
	// RetryAfter is set for too-many-attempts.
	RetryAfter time.Duration
	// AttemptsLeft is set for 2fa-invalid when a limit applies.
	AttemptsLeft *int
	// Proof is set for 2fa-required answers to sensitive actions.
	Proof *ProofRequest
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// ProofRequest tells a client which second factors it may present to
// authorise a sensitive action.
type ProofRequest struct {
	Methods  []string
	Method   string
	CodeSent bool
	// SameCode tells that the mail holds the code mailed before (still
	// unused and fresh) rather than a new one.
	SameCode bool
}

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func badRequest(field, format string, args ...any) *Error {
	return &Error{Code: CodeBadRequest, Field: field, Message: field + ": " + fmt.Sprintf(format, args...)}
}

func tooMany(retry time.Duration) *Error {
	// Round up: a client that waits exactly this long must find the lock
	// over.
	secs := retry.Truncate(time.Second)
	if secs < retry {
		secs += time.Second
	}
	if secs < time.Second {
		secs = time.Second
	}
	return &Error{
		Code:       CodeTooManyAttempts,
		Message:    fmt.Sprintf("too many attempts; try again in %s", secs),
		RetryAfter: secs,
	}
}

func invalidCode(msg string, left *int) *Error {
	return &Error{Code: CodeTwoFactorInvalid, Message: msg, AttemptsLeft: left}
}
