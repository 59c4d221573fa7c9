package i18n

import (
	"fmt"
	"sort"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Messages maps an English message (the key, a fmt format) to its
// translation: a string, or Plural for a message that depends on a count.
type Messages map[string]any

// Plural is a message whose wording depends on its first argument, an
// integer: CLDR plural categories ("zero", "one", "two", "few", "many",
// "other") or exact values ("=0") map to the text; each text prints the
// count with %d. "other" is required.
type Plural map[string]string

// catalogues holds the messages of each language by code. Each language's
// own file holds its base messages; files named <code>_<area>.go add the
// messages of one area (admin pages, mails, scripts) through add, so areas
// can grow apart. A language of Languages missing here is shown in English.
var catalogues = map[string]Messages{
	"en":      en,
	"de":      de,
	"ar":      ar,
	"fr":      fr,
	"es":      es,
	"pt-BR":   ptBR,
	"ja":      ja,
	"zh-Hans": zhHans,
}

// add merges messages into the catalogue of the language with code. It is
// called from init functions only; a key given two different translations
// is a programming error and panics at start.
func add(code string, messages Messages) {
	c := catalogues[code]
	if c == nil {
		panic(fmt.Sprintf("i18n: add to unknown language %q", code))
	}
	for key, v := range messages {
		if old, ok := c[key]; ok && fmt.Sprint(old) != fmt.Sprint(v) {
			panic(fmt.Sprintf("i18n: %s %q translated twice, differently: %q and %q", code, key, old, v))
		}
		c[key] = v
	}
}

// Catalogue returns the messages of the language with code (nil for none):
// the server asks it whether a language has a message before printing it,
// and tests compare languages with it.
func Catalogue(code string) Messages { return catalogues[code] }

// Untranslated returns the codes of the languages other than English that
// have no translation of key, a language without a catalogue included:
// there, a page or mail would show key in English. Tests use it to check
// the texts the code and the templates print.
func Untranslated(key string) []string {
	var codes []string
	for _, l := range Languages[1:] {
		if _, ok := catalogues[l.Code][key]; !ok {
			codes = append(codes, l.Code)
		}
	}
	return codes
}

// builder is the x/text catalogue, built on first use: every init function
// of this package, and so every add, has run by then.
var builder = sync.OnceValue(build)

// build fills the x/text catalogue from catalogues.
func build() *catalog.Builder {
	builder := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, l := range Languages {
		for key, v := range catalogues[l.Code] {
			var err error
			switch v := v.(type) {
			case string:
				err = builder.SetString(l.tag, key, v)
			case Plural:
				err = builder.Set(l.tag, key, plural.Selectf(1, "%d", v.cases()...))
			default:
				err = fmt.Errorf("message of type %T", v)
			}
			if err != nil {
				panic(fmt.Sprintf("i18n: %s %q: %v", l.Code, key, err))
			}
		}
	}
	return builder
}

// pluralOrder puts exact values before the categories, which must come in
// CLDR order with "other" last.
var pluralOrder = map[string]int{"zero": 1, "one": 2, "two": 3, "few": 4, "many": 5, "other": 6}

// cases returns the selectors and texts in the order plural.Selectf needs.
func (p Plural) cases() []any {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, oj := pluralOrder[keys[i]], pluralOrder[keys[j]]
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	out := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		out = append(out, k, p[k])
	}
	return out
}

// Printer formats messages in one language.
type Printer struct {
	Language
	p *message.Printer
}

// NewPrinter returns the printer of lang.
func NewPrinter(lang Language) *Printer {
	return &Printer{Language: lang, p: message.NewPrinter(lang.tag, message.Catalog(builder()))}
}

// T formats the message key with args in the printer's language; a key
// missing from the language is formatted in English.
func (p *Printer) T(key string, args ...any) string {
	return p.p.Sprintf(key, args...)
}

// Known translates a message that has no arguments when the catalogue of
// the printer's language has it, and returns text unchanged otherwise. It
// suits texts composed elsewhere (titles, notices, errors) that are only
// sometimes a fixed message.
func (p *Printer) Known(text string) string {
	if v, ok := catalogues[p.Code][text].(string); ok {
		return v
	}
	return text
}
