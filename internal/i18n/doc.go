// Package i18n holds twofa's message catalogue and chooses the language of
// a page, a mail or an API message.
//
// Messages are keyed by their English text, so English needs no entries of
// its own except for plurals, and a message missing from a language falls
// back to English. Each language lives in one file (de.go, ar.go, …) that
// starts with a glossary of the terms it uses throughout. Formatting and
// plural rules come from golang.org/x/text/message and
// golang.org/x/text/feature/plural.
package i18n
