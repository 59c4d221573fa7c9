package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// verb matches a fmt verb, with or without an explicit argument index.
var verb = regexp.MustCompile(`%(\[\d+\])?[a-zA-Z%]`)

// markup matches an HTML tag with its attributes.
var markup = regexp.MustCompile(`<[^>]+>`)

// placeholders lists the verbs of a format as "index:verb", implicit
// indexes numbered as fmt numbers them; %% is left out.
func placeholders(format string) []string {
	var out []string
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[0] == "%%" {
			continue
		}
		i := next
		if m[1] != "" {
			fmt.Sscanf(m[1], "[%d]", &i)
		}
		next = i + 1
		out = append(out, fmt.Sprintf("%d:%s", i, m[0][len(m[0])-1:]))
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func tags(s string) []string {
	t := markup.FindAllString(s, -1)
	sort.Strings(t)
	return t
}

// translated are the languages with a catalogue of their own, English
// (whose keys are its messages) aside.
func translated() []string {
	var out []string
	for _, l := range Languages {
		if l.Code != "en" && catalogues[l.Code] != nil {
			out = append(out, l.Code)
		}
	}
	return out
}

// TestCatalogueComplete fails when a message exists in one language and not
// in another.
func TestCatalogueComplete(t *testing.T) {
	langs := translated()
	if len(langs) < 2 {
		t.Fatalf("want at least German and Arabic, have %v", langs)
	}
	for _, a := range append([]string{"en"}, langs...) {
		for key := range catalogues[a] {
			for _, b := range langs {
				if _, ok := catalogues[b][key]; !ok {
					t.Errorf("%s has %q, %s does not", a, key, b)
				}
			}
		}
	}
}

// TestCataloguePlaceholders fails when a translation drops or adds a
// placeholder or a piece of markup. A plural case may leave out the count
// ("one day"), never add a verb.
func TestCataloguePlaceholders(t *testing.T) {
	for _, code := range append([]string{"en"}, translated()...) {
		for key, v := range catalogues[code] {
			want, wantTags := placeholders(key), tags(key)
			switch v := v.(type) {
			case string:
				if got := placeholders(v); !slices.Equal(got, want) {
					t.Errorf("%s %q: placeholders %v, want %v", code, key, got, want)
				}
				if got := tags(v); !slices.Equal(got, wantTags) {
					t.Errorf("%s %q: markup %v, want %v", code, key, got, wantTags)
				}
			case Plural:
				if _, ok := v["other"]; !ok {
					t.Errorf("%s %q: plural without \"other\"", code, key)
				}
				for c, text := range v {
					for _, p := range placeholders(text) {
						if !slices.Contains(want, p) {
							t.Errorf("%s %q case %s: placeholder %s not in the message", code, key, c, p)
						}
					}
					if c == "other" && !slices.Equal(placeholders(text), want) {
						t.Errorf("%s %q case other: placeholders %v, want %v", code, key, placeholders(text), want)
					}
				}
			default:
				t.Errorf("%s %q: message of type %T", code, key, v)
			}
		}
	}
}

// TestPlaceholdersSeeChanges checks the checker itself on a dropped, an
// added and a renumbered placeholder.
func TestPlaceholdersSeeChanges(t *testing.T) {
	key := "%[1]d to %[2]d characters"
	for _, bad := range []string{"%[1]d Zeichen", "%[1]d bis %[2]d von %[3]s", "%[1]d bis %[2]s"} {
		if slices.Equal(placeholders(bad), placeholders(key)) {
			t.Errorf("%q passes as a translation of %q", bad, key)
		}
	}
	if !slices.Equal(placeholders("%d to %d"), placeholders(key)) {
		t.Errorf("implicit indexes differ from explicit ones")
	}
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]string{
		"":                            "en",
		"de-DE,de;q=0.9,en;q=0.8":     "de",
		"ar-EG":                       "ar",
		"fr-CH, fr;q=0.9":             "fr",
		"pt-BR":                       "pt-BR",
		"zh-CN":                       "zh-Hans",
		"ja":                          "ja",
		"nl-NL":                       "en",
		"nl;q=0.9, de;q=0.5":          "de",
		"!!not a header":              "en",
		"en-US,en;q=0.9,ar;q=0.8":     "en",
		"ar;q=0.5, de;q=0.9, en;q=.1": "de",
	} {
		if got := Negotiate(header).Code; got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
	if got := Choose("ar", "de").Code; got != "ar" {
		t.Errorf("a stored preference must win over Accept-Language, got %s", got)
	}
	if got := Choose("xx", "de").Code; got != "de" {
		t.Errorf("an unknown preference must fall back to Accept-Language, got %s", got)
	}
	if ar, _ := Lookup("ar"); ar.Dir() != "rtl" || English.Dir() != "ltr" {
		t.Errorf("dir: ar %s, en %s", ar.Dir(), English.Dir())
	}
}

func TestPrinter(t *testing.T) {
	de, _ := Lookup("de")
	ar, _ := Lookup("ar")
	for _, c := range []struct {
		lang Language
		key  string
		args []any
		want string
	}{
		{English, "Log in", nil, "Log in"},
		{de, "Log in", nil, "Anmelden"},
		{ar, "Log in", nil, "تسجيل الدخول"},
		{English, "%d minutes", []any{1}, "1 minute"},
		{English, "%d minutes", []any{10}, "10 minutes"},
		{de, "%d minutes", []any{1}, "1 Minute"},
		{de, "%d minutes", []any{10}, "10 Minuten"},
		{ar, "%d minutes", []any{2}, "دقيقتين"},
		// Arabic numbers are written in Arabic-Indic digits, as x/text does for ar.
		{ar, "%d minutes", []any{3}, "٣ دقائق"},
		{ar, "%d minutes", []any{11}, "١١ دقيقة"},
		{English, "%d remaining", []any{1}, "1 remaining"},
		{ar, "%d remaining", []any{0}, "لم يتبقَّ أي رمز"},
		{ar, "%d remaining", []any{1}, "تبقّى رمز واحد"},
		{ar, "%d remaining", []any{5}, "تبقّت ٥ رموز"},
		{English, "%d attempts left.", []any{0}, "No attempts left."},
		{English, "%d attempts left.", []any{1}, "1 attempt left."},
		{English, "%d attempts left.", []any{4}, "4 attempts left."},
		{de, "%d attempts left.", []any{0}, "Keine Versuche mehr übrig."},
		{de, "%d attempts left.", []any{4}, "Noch 4 Versuche übrig."},
		{de, "Not in any catalogue, %s", []any{"x"}, "Not in any catalogue, x"},
		{English, "too many attempts; try again in %s", []any{"1m0s"}, "too many attempts; try again in 1m0s"},
	} {
		if got := NewPrinter(c.lang).T(c.key, c.args...); got != c.want {
			t.Errorf("%s %q %v = %q, want %q", c.lang.Code, c.key, c.args, got, c.want)
		}
	}
	if got := NewPrinter(de).Known("100% wrong"); got != "100% wrong" {
		t.Errorf("Known changed an unknown text: %q", got)
	}
	if got := NewPrinter(de).Known("Account created."); got != "Konto erstellt." {
		t.Errorf("Known = %q", got)
	}
	if strings.Contains(NewPrinter(de).T("Remember this device for %d days", 30), "%") {
		t.Error("verb left in output")
	}
}
