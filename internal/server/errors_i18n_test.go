package server

import (
	"go/ast"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/gosource"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// errorConstructors are the functions that make an Error from a message
// format, with the position of the format among their arguments.
var errorConstructors = map[string]int{
	"badRequest":  1, // badRequest(field, format, args...), in core and here
	"BadRequest":  1, // core.BadRequest(field, format, args...)
	"errorf":      1, // errorf(code, format, args...)
	"Errorf":      1, // core.Errorf(code, format, args...)
	"fieldErrorf": 2, // fieldErrorf(code, field, format, args...)
	"because":     0, // because(format, args...), a reason for invalidCode
}

// forwarders are the functions that pass a format they were given on to
// another constructor; their own calls are not messages.
var forwarders = map[string]bool{
	"badRequest": true, "BadRequest": true, "errorf": true, "Errorf": true,
	"fieldErrorf": true, "because": true, "err": true, "invalidCode": true, "String": true,
}

// errorFormat is one message format of an error and where it is made.
type errorFormat struct {
	format string
	at     string
}

// errorFormats collects, by reading the source of the packages in dirs, the
// format of every call of an error constructor. A format that is not a
// string constant is reported through t: the catalogue test must see it.
func errorFormats(t *testing.T, dirs ...string) []errorFormat {
	t.Helper()
	var out []errorFormat
	for _, dir := range dirs {
		pkg, err := gosource.Parse(dir)
		if err != nil {
			t.Fatal(err)
		}
		pkg.Calls(func(call gosource.Call) {
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				if pkg, ok := fn.X.(*ast.Ident); ok && pkg.Name == "core" {
					name = fn.Sel.Name
				}
			}
			i, ok := errorConstructors[name]
			if !ok || len(call.Args) <= i {
				return
			}
			format, ok := pkg.String(call.Args[i])
			if !ok {
				if !forwarders[call.Func] {
					t.Errorf("%s: the format of %s is not a string constant, so no test can check its translations", call.At, name)
				}
				return
			}
			out = append(out, errorFormat{format: format, at: call.At})
		})
	}
	return out
}

// wordedByServer are the formats of errors that errorSentence words with
// sentences of its own (the lock's length, the current password), so their
// Sentence is never looked up.
var wordedByServer = map[string]bool{
	"too many attempts; try again in %s": true,
	"is not your current password":       true,
}

// TestErrorFormatsTranslated reads every error format of internal/core and
// of this package from the source and fails when a language lacks the
// sentence of one (see core.Sentence), or when a format is not a constant
// this test can read.
func TestErrorFormatsTranslated(t *testing.T) {
	formats := errorFormats(t, "../core", ".")
	seen := map[string]bool{}
	for _, f := range formats {
		seen[f.format] = true
	}
	// The reading of the source must find what is surely there.
	for _, want := range []string{"is required", "%q is not an email address like name@example.com",
		"wrong email code", "must be a JSON string", "another account uses this address"} {
		if !seen[want] {
			t.Errorf("format %q not found in the source: the reading of it is broken", want)
		}
	}
	if len(seen) < 100 {
		t.Errorf("found only %d error formats", len(seen))
	}
	done := map[string]bool{}
	for _, f := range formats {
		key := core.Sentence(f.format)
		if wordedByServer[f.format] || done[key] {
			continue
		}
		done[key] = true
		for _, code := range i18n.Untranslated(key) {
			t.Errorf("%s: %s lacks the sentence %q", f.at, code, key)
		}
	}
}
