package server

import (
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// text is a message of the catalogue with its arguments, kept as it is
// until a page is rendered, so that Go code can compose what a page shows
// without knowing the page's language. An argument that is itself a text
// is written in the same language first, and a time.Duration is written
// in words ("10 minutes"); other arguments are formatted as they are.
type text struct {
	key  string
	args []any
	// known marks a text from elsewhere (the core's message of an
	// error) that is translated when the catalogue has it and shown as it
	// is otherwise.
	known bool
}

// newText is the message key with args.
func newText(key string, args ...any) text { return text{key: key, args: args} }

// knownText is s, translated when it is a message of the catalogue and
// shown as it is otherwise.
func knownText(s string) text { return text{key: s, known: true} }

// verbatim is s shown as it is, in every language: a name, an address or
// an identifier, which is data rather than a message.
func verbatim(s string) text { return text{key: "%s", args: []any{s}} }

// englishPrinter is the English printer, for texts that the API answers in
// English whatever the request's language.
var englishPrinter = i18n.NewPrinter(i18n.English)

// in writes t in p's language; the zero text is "". A message without
// arguments that the catalogue lacks is shown as it is.
func (t text) in(p *i18n.Printer) string {
	if t.key == "" {
		return ""
	}
	if len(t.args) == 0 {
		return p.Known(t.key)
	}
	args := make([]any, len(t.args))
	for i, a := range t.args {
		switch a := a.(type) {
		case text:
			args[i] = a.in(p)
		case time.Duration:
			args[i] = core.HumanDurationIn(p, a)
		default:
			args[i] = a
		}
	}
	return p.T(t.key, args...)
}

// English writes t in English.
func (t text) English() string { return t.in(englishPrinter) }

// listText joins items the way a sentence lists them: "A", "A and B",
// "A, B and C". Longer lists, which the pages do not make, nest the last
// pattern ("A, B and C and D").
func listText(items []text) text {
	switch len(items) {
	case 0:
		return text{}
	case 1:
		return items[0]
	case 2:
		return newText("%[1]s and %[2]s", items[0], items[1])
	}
	return newText("%[1]s, %[2]s and %[3]s", items[0], items[1], listText(items[2:]))
}
