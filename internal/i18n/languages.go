package i18n

import (
	"golang.org/x/text/language"
)

// Language is one language twofa speaks.
type Language struct {
	// Code is the BCP 47 tag stored for an account and sent as <html lang>.
	Code string
	// Name is the language's own name for itself, as shown in the list.
	Name string
	// RTL is true for a script written right to left.
	RTL bool
	tag language.Tag
}

// Dir is the value of the HTML dir attribute: "rtl" or "ltr".
func (l Language) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// Tag is the language's tag for golang.org/x/text.
func (l Language) Tag() language.Tag { return l.tag }

// Languages lists every supported language, English (the default) first.
var Languages = []Language{
	{Code: "en", Name: "English", tag: language.English},
	{Code: "de", Name: "Deutsch", tag: language.German},
	{Code: "fr", Name: "Français", tag: language.French},
	{Code: "es", Name: "Español", tag: language.Spanish},
	{Code: "pt-BR", Name: "Português (Brasil)", tag: language.BrazilianPortuguese},
	{Code: "ja", Name: "日本語", tag: language.Japanese},
	{Code: "zh-Hans", Name: "简体中文", tag: language.SimplifiedChinese},
	{Code: "ar", Name: "العربية", RTL: true, tag: language.Arabic},
}

// English is the default language, used when nothing else matches.
var English = Languages[0]

var matcher = language.NewMatcher(func() []language.Tag {
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = l.tag
	}
	return tags
}())

// Lookup returns the supported language with exactly this code (as stored
// for an account: "de", "pt-BR", …), and false for any other string.
func Lookup(code string) (Language, bool) {
	for _, l := range Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// Negotiate picks the language for an Accept-Language header: the best
// supported match of the languages it lists, English when none matches or
// the header is empty or malformed.
func Negotiate(acceptLanguage string) Language {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	return Languages[i]
}

// Choose is the language of a request: the account's stored preference
// when it names a supported language, else Negotiate(acceptLanguage).
func Choose(preference, acceptLanguage string) Language {
	if l, ok := Lookup(preference); ok {
		return l
	}
	return Negotiate(acceptLanguage)
}
