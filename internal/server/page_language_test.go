package server

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// TestTemplateTextEscapes: th keeps the catalogue's markup but escapes
// what it is given, so a name or an app's name cannot bring markup of its
// own into a page; t escapes like any template value.
func TestTemplateTextEscapes(t *testing.T) {
	ar, _ := i18n.Lookup("ar")
	tmpl := template.Must(template.New("x").Funcs(textFuncs(i18n.NewPrinter(ar))).Parse(
		`{{th "A code is sent to <strong>%s</strong> when you log in." .}}|{{t "User Panel for %s" .}}`))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, `<script>alert(1)</script>`); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "<script>") {
		t.Fatalf("markup of an argument reached the page: %s", out)
	}
	for _, want := range []string{"<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>", "يُرسل رمز إلى", "لوحة المستخدم لـ &lt;script&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q: %s", want, out)
		}
	}
}

// TestThEscapesEveryArgument puts markup into th through each kind of
// value a handler might pass: a string, a named string type, an error, a
// Stringer and a slice; none may reach the page as markup, while numbers
// still come out in the language's digits.
func TestThEscapesEveryArgument(t *testing.T) {
	type label string
	const evil = `<img src=x onerror=alert(1)>`
	th := textFuncs(i18n.NewPrinter(i18n.English))["th"].(func(string, ...any) template.HTML)
	for _, arg := range []any{evil, label(evil), errors.New(evil), stringer(evil), []string{evil}} {
		got := string(th("<b>%v</b>", arg))
		if strings.Contains(got, "<img") || !strings.Contains(got, "&lt;img") {
			t.Errorf("%T: th wrote %q", arg, got)
		}
	}
	ar, _ := i18n.Lookup("ar")
	thAr := textFuncs(i18n.NewPrinter(ar))["th"].(func(string, ...any) template.HTML)
	if got := string(thAr("<b>%d</b>", 42)); got != "<b>٤٢</b>" {
		t.Errorf("a number through th in Arabic: %q", got)
	}
}

// stringer is a value whose String method returns its own text.
type stringer string

func (s stringer) String() string { return string(s) }
