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

// foldEmail is the form an address is stored and looked up in: spaces
// around it trimmed and ASCII letters lower-cased, nothing else. Unicode
// case folding would merge mailboxes that are not the same: KELVIN SIGN
// (U+212A) lower-cases to an ASCII k, so "\u212Aate@example.com" would
// become the account of kate@example.com, and the dotted capital I to an i
// with a combining dot. Mail servers may treat such local parts as
// different mailboxes, so twofa keeps every character outside ASCII as it
// was typed. Sign-up, login and email change all use this one function.
func foldEmail(raw string) string {
	b := []byte(strings.TrimSpace(raw))
	for i, c := range b { // byte by byte: bytes of other characters pass as they are
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// normalizeEmail folds an address (see foldEmail) and checks that it is
// one plain address (no display name, no list).
func normalizeEmail(field, raw string) (string, error) {
	e := foldEmail(raw)
	switch {
	case e == "":
		return "", badRequest(field, "is required")
	case !utf8.ValidString(e):
		return "", badRequest(field, "is not valid UTF-8")
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

// FoldEmail is the form in which twofa stores and compares email
// addresses (see foldEmail), for other packages that compare addresses
// with those of accounts.
func FoldEmail(raw string) string { return foldEmail(raw) }
