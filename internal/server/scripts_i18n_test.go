package server

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	// jsComment is a comment line of a script.
	jsComment = regexp.MustCompile(`(?m)^\s*//.*$`)
	// jsString is a string literal of a script: in single quotes, as the
	// scripts write them, or a template literal.
	jsString = regexp.MustCompile("'((?:[^'\\\\\\n]|\\\\.)*)'|`([^`]*)`")
	// prose is two words with a space between them: text for people,
	// which a selector, a URL or a header name never is.
	prose = regexp.MustCompile(`[A-Za-z]{2,}[,.:]? [A-Za-z]{2,}`)
	// sayCall is a script's use of one of the texts its page hands it.
	sayCall = regexp.MustCompile(`\b(?:say|show)\('([a-z]+)'\)`)
	// scriptTextsName is a name given to scriptTexts in a template.
	scriptTextsName = regexp.MustCompile(`(?m)^\s*"([a-z]+)" \(t `)
)

// scriptTexts are the scripts that show text, and the template files that
// render the data block holding their texts.
var scriptTexts = map[string]string{
	"static/webauthn.js": "templates/layout.html",
	"static/recovery.js": "templates/recovery_codes.html",
}

// proseIn lists the string literals of a script that read as text for
// people.
func proseIn(src string) []string {
	var out []string
	for _, m := range jsString.FindAllStringSubmatch(jsComment.ReplaceAllString(src, ""), -1) {
		if lit := m[1] + m[2]; lit != "use strict" && prose.MatchString(lit) {
			out = append(out, lit)
		}
	}
	return out
}

// TestScriptsHoldNoText fails when a script carries text of its own for
// people, which would show in English on every page, or uses a text its
// page does not hand it.
func TestScriptsHoldNoText(t *testing.T) {
	scripts, err := fs.Glob(staticFS, "static/*.js")
	if err != nil || len(scripts) < 3 {
		t.Fatalf("scripts: %v %v", scripts, err)
	}
	for _, name := range scripts {
		src, err := fs.ReadFile(staticFS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range proseIn(string(src)) {
			t.Errorf("%s: text outside the catalogue: %q", name, s)
		}
		used := sayCall.FindAllStringSubmatch(string(src), -1)
		tmpl, ok := scriptTexts[name]
		if !ok {
			if len(used) > 0 {
				t.Errorf("%s uses texts, but no template hands them", name)
			}
			continue
		}
		raw, err := fs.ReadFile(templateFS, tmpl)
		if err != nil {
			t.Fatal(err)
		}
		var given []string
		for _, m := range scriptTextsName.FindAllStringSubmatch(string(raw), -1) {
			given = append(given, m[1])
		}
		if len(used) == 0 {
			t.Errorf("%s uses none of its texts", name)
		}
		for _, m := range used {
			if !slices.Contains(given, m[1]) {
				t.Errorf("%s says %q, which %s does not hand it (it has %s)", name, m[1], tmpl, strings.Join(given, ", "))
			}
		}
	}
}

// TestProseInSeesText checks the check on a script that shows English.
func TestProseInSeesText(t *testing.T) {
	for _, src := range []string{
		`say(ok ? 'Copied the codes.' : 'x');`,
		`out.textContent = 'The request failed';`,
		"say(`The file ${name} is ready.`);",
	} {
		if len(proseIn(src)) == 0 {
			t.Errorf("%s passes", src)
		}
	}
	for _, src := range []string{
		`document.querySelector('form[data-methods] [name="' + n + '"]');`,
		`// A comment's words don't count`,
		`fetch(url, {headers: {'Content-Type': 'application/json'}});`,
	} {
		if got := proseIn(src); len(got) > 0 {
			t.Errorf("%s: %q", src, got)
		}
	}
}
