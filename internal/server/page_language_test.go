package server

import (
	"bytes"
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
