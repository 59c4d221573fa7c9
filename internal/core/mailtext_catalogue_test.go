package core_test

import (
	"fmt"
	"go/ast"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/gosource"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// nonLiteralKeys are the calls of Printer.T in core whose message is not
// written out at the call, each with the reason its messages are known to
// be in the catalogues.
var nonLiteralKeys = map[string]string{
	// One whole message per purpose of a code mail, made from the purpose
	// named by each caller; TestLanguageAPI and the browser guide read
	// them in German and Arabic.
	"emailcodes.go:mailCode": "the code mails",
}

// mailText is one message a mail of core is written from.
type mailText struct {
	key, at string
}

// mailTexts lists the message of every call of Printer.T in core's own
// (non-test) files: the subjects and bodies of every mail, the greeting
// and the closing line of the notices, and the sentences and durations put
// into them. A call whose message is not a string written out at the call
// fails the test unless nonLiteralKeys names it.
func mailTexts(t *testing.T) []mailText {
	t.Helper()
	pkg, err := gosource.Parse(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []mailText
	pkg.Calls(func(call gosource.Call) {
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if call.Func == "" || !ok || sel.Sel.Name != "T" || len(call.Args) == 0 {
			return
		}
		key, ok := gosource.Literal(call.Args[0])
		if !ok {
			if _, known := nonLiteralKeys[call.File+":"+call.Func]; !known {
				t.Errorf("%s: the message of this mail text is not written out at the call, so no test sees whether it is translated", call.At)
			}
			return
		}
		out = append(out, mailText{key: key, at: call.At})
	})
	return out
}

// TestMailTextsInEveryLanguage fails when a subject, a body or a sentence
// of a mail is missing from the catalogue of a language, or is left there
// in English: every mail goes out in the account's language.
func TestMailTextsInEveryLanguage(t *testing.T) {
	texts := mailTexts(t)
	// Every notice has a subject and a body; the greeting, the closing
	// line, durations and the sentences put into bodies come on top.
	if len(texts) < 40 {
		t.Fatalf("found %d mail texts in core, want the subjects and bodies of every notice (at least 40)", len(texts))
	}
	for _, l := range i18n.Languages {
		if l.Code == "en" {
			continue
		}
		c := i18n.Catalogue(l.Code)
		for _, m := range texts {
			v, ok := c[m.key]
			if !ok {
				t.Errorf("%s: %s has no translation of the mail text %q", m.at, l.Code, m.key)
				continue
			}
			text := fmt.Sprint(v)
			if p, ok := v.(i18n.Plural); ok {
				text = p["other"]
			}
			// A short text may read the same ("%d minutes" in French); a
			// sentence left in English is an oversight.
			if text == m.key && len(strings.Fields(m.key)) > 4 {
				t.Errorf("%s: %s's translation of the mail text %q is the English text", m.at, l.Code, m.key)
			}
		}
	}
	if testing.Verbose() {
		keys := make([]string, 0, len(texts))
		for _, m := range texts {
			keys = append(keys, strconv.Quote(m.key))
		}
		sort.Strings(keys)
		t.Logf("%d mail texts:\n%s", len(keys), strings.Join(keys, "\n"))
	}
}
