package server

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/i18n"
)

var (
	templateComment = regexp.MustCompile(`(?s)\{\{-?\s*/\*.*?\*/\s*-?\}\}`)
	templateAction  = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	textNode        = regexp.MustCompile(`>([^<]*)<`)
	visibleAttr     = regexp.MustCompile(`\b(?:alt|title|aria-label|placeholder|data-label)="([^"]*)"`)
	word            = regexp.MustCompile(`[A-Za-z]{2,}`)
	// messageCall finds the message of a t or th call, as an action or
	// inside parentheses: a quoted or raw string.
	messageCall = regexp.MustCompile("(?:\\{\\{|\\()(?:t|th) (\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)")
)

// englishOutside returns the visible English words of a template that are
// not inside a {{t}} or {{th}} call.
func englishOutside(src string) []string {
	src = templateComment.ReplaceAllString(src, "")
	src = templateAction.ReplaceAllString(src, "")
	var out []string
	for _, re := range []*regexp.Regexp{textNode, visibleAttr} {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			if w := word.FindAllString(m[1], -1); len(w) > 0 {
				out = append(out, strings.TrimSpace(m[1]))
			}
		}
	}
	return out
}

// templateMessages lists the messages a template passes to t and th.
func templateMessages(t *testing.T, src string) []string {
	var out []string
	for _, m := range messageCall.FindAllStringSubmatch(src, -1) {
		key := m[1]
		if key[0] == '"' {
			var err error
			if key, err = strconv.Unquote(key); err != nil {
				t.Fatalf("message %s: %v", m[1], err)
			}
		} else {
			key = key[1 : len(key)-1]
		}
		out = append(out, key)
	}
	return out
}

// TestTemplatesHaveNoEnglishOutsideCatalogue fails when any page template
// shows English text that does not go through the catalogue, or uses a
// message that a language lacks.
func TestTemplatesHaveNoEnglishOutsideCatalogue(t *testing.T) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) < 20 {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, file := range files {
		name := strings.TrimPrefix(file, "templates/")
		raw, err := fs.ReadFile(templateFS, file)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range englishOutside(string(raw)) {
			t.Errorf("%s: English outside the catalogue: %q", name, text)
		}
		for _, key := range templateMessages(t, string(raw)) {
			for _, code := range i18n.Untranslated(key) {
				t.Errorf("%s: %s has no translation of %q", name, code, key)
			}
		}
	}
}

// TestEnglishOutsideSeesText checks the check on a template that forgets
// the catalogue in text, in an attribute and around an action.
func TestEnglishOutsideSeesText(t *testing.T) {
	for _, src := range []string{
		`<p>Log in</p>`,
		`<img alt="QR code">`,
		`<p>{{.N}} days left</p>`,
		`<td data-label="Name">`,
	} {
		if len(englishOutside(src)) == 0 {
			t.Errorf("%s passes", src)
		}
	}
	for _, src := range []string{`<p>{{t "Log in"}}</p>`, `<img alt="{{t "QR code"}}">`, `<p>{{.Code}} · 123456</p>`} {
		if got := englishOutside(src); len(got) > 0 {
			t.Errorf("%s: %q", src, got)
		}
	}
}
