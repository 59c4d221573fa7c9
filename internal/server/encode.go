package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
)

// errorBody is every error answer under /api.
type errorBody struct {
	Error        string   `json:"error"`
	Message      string   `json:"message"`
	Field        string   `json:"field,omitempty"`
	RetryAfter   int      `json:"retryAfter,omitempty"`
	AttemptsLeft *int     `json:"attemptsLeft,omitempty"`
	Challenge    string   `json:"challenge,omitempty"`
	Methods      []string `json:"methods,omitempty"`
	Method       string   `json:"method,omitempty"`
	CodeSent     *bool    `json:"codeSent,omitempty"`
	SameCode     *bool    `json:"sameCode,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v == nil {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// decodeJSON reads one JSON object into v, refusing unknown fields,
// trailing data and strings that are not valid UTF-8. An empty body decodes as {} so that bodiless POSTs need no
// Content-Type.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if isBodyTooLarge(err) {
			return errBodyTooLarge
		}
		return badRequest("body", "could not be read: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return errNotJSON
		}
	} else {
		return errNotJSON
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return badRequest("body", "must hold one JSON object and nothing after it")
	}
	return checkJSONStrings(body)
}

var errBodyTooLarge = core.Errorf("body-too-large", "request body is larger than 64 KiB")

// errNotJSON refuses a body sent as anything but JSON.
var errNotJSON = core.Errorf("unsupported-media-type", "send JSON with Content-Type: application/json")

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return badRequest("body", "is not valid JSON (at byte %d)", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return badRequest("body", "must be a JSON object")
		}
		return wrongJSONType(typ.Field, typ.Type.Kind())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest(name, "is not a known field")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("body", "is truncated JSON")
	}
	return badRequest("body", "is not a JSON object: %v", err)
}

// wrongJSONType refuses a value of field whose JSON type is not the one of
// the Go kind k, naming the type a client must send.
func wrongJSONType(field string, k reflect.Kind) *core.Error {
	switch k {
	case reflect.String:
		return badRequest(field, "must be a JSON string")
	case reflect.Bool:
		return badRequest(field, "must be a JSON boolean (true or false)")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return badRequest(field, "must be a JSON number")
	case reflect.Slice, reflect.Array:
		return badRequest(field, "must be a JSON array")
	}
	return badRequest(field, "must be a JSON object")
}

func badRequest(field, format string, args ...any) *core.Error {
	return core.BadRequest(field, format, args...)
}

// statusOf maps error codes to HTTP status. stepUp answers for sensitive
// actions use 403 for 2fa-required and 2fa-invalid, login answers 401.
func statusOf(code string, stepUp bool) int {
	switch code {
	case core.CodeBadRequest, core.CodeMethodUnavailable:
		return http.StatusBadRequest
	case core.CodeEmailTaken, core.CodeTOTPAlreadyEnabled, core.CodeTOTPNotEnabled, core.CodeTOTPSetupMissing:
		return http.StatusConflict
	case core.CodeInvalidCredentials, core.CodeUnauthenticated:
		return http.StatusUnauthorized
	case core.CodeTwoFactorRequired, core.CodeTwoFactorInvalid:
		if stepUp {
			return http.StatusForbidden
		}
		return http.StatusUnauthorized
	case core.CodeChallengeExpired, core.CodeUndoInvalid:
		return http.StatusGone
	case core.CodeResetTokenInvalid:
		return http.StatusBadRequest
	case core.CodeTooManyAttempts:
		return http.StatusTooManyRequests
	case core.CodeNotFound:
		return http.StatusNotFound
	case core.CodeWrongPassword, core.CodeForbidden, core.CodeAccountDisabled,
		core.CodeEnrollmentRequired, core.CodeSignupClosed, core.CodeMethodDisallowed:
		return http.StatusForbidden
	case core.CodeLastAdmin, core.CodeLastWayIn:
		return http.StatusConflict
	case core.CodeWebAuthnInvalid:
		return http.StatusBadRequest
	case core.CodeBusy, core.CodeUnavailable:
		return http.StatusServiceUnavailable
	case "body-too-large":
		return http.StatusRequestEntityTooLarge
	case "unsupported-media-type":
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// apiError writes err as the API's JSON error. Errors that are not
// core.Errors are logged and answered with a generic 500.
func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error, stepUp bool) {
	e, ok := core.AsError(err)
	if !ok {
		s.internalError(w, r, err)
		return
	}
	body := errorBody{Error: e.Code, Message: apiMessage(r, e), Field: e.Field, AttemptsLeft: e.AttemptsLeft}
	if e.RetryAfter > 0 {
		body.RetryAfter = int(e.RetryAfter.Seconds())
		w.Header().Set("Retry-After", strconv.Itoa(body.RetryAfter))
	}
	if e.Proof != nil {
		body.Methods, body.Method = e.Proof.Methods, e.Proof.Method
		sent, same := e.Proof.CodeSent, e.Proof.SameCode
		body.CodeSent = &sent
		if sent {
			body.SameCode = &same
		}
	}
	writeJSON(w, statusOf(e.Code, stepUp), body)
}

// internalError logs err and answers 500: in JSON for the API, with the
// page that needs no template for the web pages. An error that wraps
// core.ErrUnavailable answers 503 instead (see unavailable).
func (s *server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, core.ErrUnavailable) {
		s.unavailable(w, r, err)
		return
	}
	if !isAPI(r) {
		s.pageInternalError(w, r, err)
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeJSON(w, http.StatusInternalServerError, errorBody{Error: "internal",
		Message: apiMessage(r, core.Errorf("internal", "internal error; the server log has the details"))})
}
