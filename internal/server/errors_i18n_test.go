package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
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
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		var parsed []*ast.File
		consts := map[string]ast.Expr{}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, f)
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
					for _, spec := range g.Specs {
						vs := spec.(*ast.ValueSpec)
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								consts[n.Name] = vs.Values[i]
							}
						}
					}
				}
			}
		}
		for _, f := range parsed {
			for _, d := range f.Decls {
				enclosing := ""
				if fd, ok := d.(*ast.FuncDecl); ok {
					enclosing = fd.Name.Name
				}
				ast.Inspect(d, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
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
						return true
					}
					at := fset.Position(call.Pos()).String()
					format, ok := constString(call.Args[i], consts)
					if !ok {
						if !forwarders[enclosing] {
							t.Errorf("%s: the format of %s is not a string constant, so no test can check its translations", at, name)
						}
						return true
					}
					out = append(out, errorFormat{format: format, at: at})
					return true
				})
			}
		}
	}
	return out
}

// constString evaluates e when it is a string constant: a literal, a sum
// of them, or the name of a constant of the package.
func constString(e ast.Expr, consts map[string]ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X, consts)
		b, ok2 := constString(e.Y, consts)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			return constString(v, consts)
		}
	}
	return "", false
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
	for _, l := range i18n.Languages {
		if l.Code == i18n.English.Code {
			continue
		}
		done := map[string]bool{}
		for _, f := range formats {
			key := core.Sentence(f.format)
			if wordedByServer[f.format] || done[key] {
				continue
			}
			done[key] = true
			if _, ok := i18n.Catalogue(l.Code)[key]; !ok {
				t.Errorf("%s: %s lacks the sentence %q", f.at, l.Code, key)
			}
		}
	}
}
