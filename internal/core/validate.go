package core

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password length bounds, in characters.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
	maxNameLen     = 100
	maxEmailLen    = 254
)

// normalizeEmail trims and lower-cases an address and checks that it is one
// plain address (no display name, no list).
func normalizeEmail(field, raw string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(raw))
	switch {
	case e == "":
		return "", badRequest(field, "is required")
	case len(e) > maxEmailLen:
		return "", badRequest(field, "is longer than %d characters", maxEmailLen)
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || addr.Name != "" {
		return "", badRequest(field, "%q is not an email address like name@example.com", raw)
	}
	at := strings.LastIndexByte(e, '@')
	if at < 1 || !strings.Contains(e[at+1:], ".") || strings.HasSuffix(e, ".") {
		return "", badRequest(field, "%q has no valid domain after @", raw)
	}
	return e, nil
}

func validatePassword(field, pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return badRequest(field, "is not valid UTF-8")
	case n < MinPasswordLen:
		return badRequest(field, "must be at least %d characters (got %d)", MinPasswordLen, n)
	case n > MaxPasswordLen:
		return badRequest(field, "must be at most %d characters (got %d)", MaxPasswordLen, n)
	case strings.TrimSpace(pw) == "":
		return badRequest(field, "must not be only spaces")
	case email != "" && strings.EqualFold(pw, email):
		return badRequest(field, "must not be your email address")
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Trim(pw, string(first)) == "" {
		return badRequest(field, "must not repeat one character")
	}
	return nil
}

func normalizeName(field, raw string) (string, error) {
	name := strings.TrimSpace(raw)
	switch {
	case name == "":
		return "", badRequest(field, "is required")
	case !utf8.ValidString(name):
		return "", badRequest(field, "is not valid UTF-8")
	case utf8.RuneCountInString(name) > maxNameLen:
		return "", badRequest(field, "is longer than %d characters", maxNameLen)
	}
	if strings.ContainsFunc(name, unicode.IsControl) {
		return "", badRequest(field, "must not contain control characters")
	}
	return name, nil
}
