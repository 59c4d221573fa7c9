package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	Code string
	// Message is the English text, for logs, the API in English and
	// tests: Format printed with Args, for most errors about a Field after
	// "field: ".
	Message string
	// Format and Args are what Message was printed from, without the
	// "field: " in front: the HTTP layer prints Sentence(Format) with Args
	// in the language of the page or request, through the i18n catalogue,
	// where the catalogue has it. Format is "" for an Error made without
	// one of the constructors of this file; its Message is then all there
	// is. An argument of type Span prints as a length of time in the
	// reader's language.
	Format string
	Args   []any
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

// errorf returns an Error with code whose message is format printed with
// args.
func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// fieldErrorf returns an Error with code about the input field whose
// message is "field: " and then format printed with args.
func fieldErrorf(code, field, format string, args ...any) *Error {
	e := errorf(code, format, args...)
	e.Field, e.Message = field, field+": "+e.Message
	return e
}

// about names the input at fault in e and returns e, for an error whose
// message already says what it is about ("an account with this email
// already exists") and so has no "field: " in front.
func (e *Error) about(field string) *Error {
	e.Field = field
	return e
}

// badRequest returns a bad-request Error about field: "field: " and then
// format printed with args.
func badRequest(field, format string, args ...any) *Error {
	return fieldErrorf(CodeBadRequest, field, format, args...)
}

// Errorf returns an Error with code whose message is format printed with
// args, for the errors the HTTP layer finds itself (a body that is not
// JSON, a missing parameter).
func Errorf(code, format string, args ...any) *Error { return errorf(code, format, args...) }

// BadRequest returns a bad-request Error about field, as the core's own
// checks make them: "field: " and then format printed with args.
func BadRequest(field, format string, args ...any) *Error { return badRequest(field, format, args...) }

// Span is a length of time as an argument of an Error: it prints as
// HumanDuration ("30 minutes"), and the HTTP layer prints it in the
// reader's language (HumanDurationIn).
type Span time.Duration

// String writes s in English, as HumanDuration does.
func (s Span) String() string { return HumanDuration(time.Duration(s)) }

// Sentence turns a message of the core ("is required") into a sentence for
// a page ("Is required."): a capital first letter, a full stop at the end.
// The sentence of an Error's Format is the catalogue key of its
// translation.
func Sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// reason tells why a check refused what was entered (a code, a password,
// a security key's answer): a message format and its arguments, which
// become the message of the Error that reports the refusal.
type reason struct {
	format string
	args   []any
}

// because returns the reason format printed with args.
func because(format string, args ...any) reason { return reason{format: format, args: args} }

// String is the reason in English, for the security events.
func (r reason) String() string { return fmt.Sprintf(r.format, r.args...) }

// err returns an Error with code whose message is the reason.
func (r reason) err(code string) *Error { return errorf(code, r.format, r.args...) }

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
	e := errorf(CodeTooManyAttempts, "too many attempts; try again in %s", secs)
	e.RetryAfter = secs
	return e
}

// invalidCode reports a refused code (or password, or security key
// answer) with the attempts left before the next lock.
func invalidCode(why reason, left *int) *Error {
	e := why.err(CodeTwoFactorInvalid)
	e.AttemptsLeft = left
	return e
}
