package server

import (
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// The reader of the leftover-English sweep (leftover_english_test.go):
// what a page shows a person, and which runs of English words it holds.

// englishWords are common English words: function words and the words of
// twofa's pages. A run of two or more of them on a translated page is
// English left over.
var englishWords = wordSet(`
	a an the and or but nor if then than so as because while until unless since though
	i me my you your yours we us our it its it's they them their he she his her who whom whose which what when where why how
	this that these those there here
	is are was were be been being am has have had do does did done can could will would should may might must shall
	isn't aren't wasn't don't doesn't didn't can't cannot won't you're we're that's there's let's
	not no yes on off in at by for from to of with without into onto about after before again once only also too very
	more most less least all any each every some none other others another new old same first last next back still now
	just already yet ever never always up down out over under
	account accounts password passwords login logins log logged logging sign signed signing signs sign-in sign-up sign-out
	code codes email emails mail mails address addresses app apps authenticator security key keys passkey passkeys
	device devices session sessions recovery second seconds factor factors two-factor step wrong right enter entered
	send sent change changed changes setting settings user users admin administrator administrators role roles page pages
	link links reset confirm confirmed save saved default value values set turn turned enable enabled disable disabled
	remove removed revoke revoked end ended lock locked locks unlock unlocked attempt attempts left remaining try
	error errors invalid required missing unknown expired found allowed allow deny minute minutes hour hours day days
	week weeks month months year years time times ago today yesterday trusted remember browser browsers use used uses using
	name names number numbers character characters long short many failed failure failures success successes show shown
	see ask asks asked need needs needed keep kept go get gets got give given make made find look know work works let lets
	like please thank thanks click choose chosen select selected filter search starts start begins dashboard activity
	events event chart total share way one two three four five six seven eight nine ten good bad request requests
	server method methods option options reason sure delete deleted deleting create created creating verify verified
	verification expires expire whole means mean added add adding rename renamed
	within later earlier gone welcome hello dear team regards ahead behind clock drift noticed
	shows open opens opened close closed closes continue finish finished started
	help learn question answer ok cancel cancelled home return current currently recent recently
	everyone everything nothing something anything someone nobody anyone
`)

// sharedWords are words of the English list that are also words of the
// language, written alike: on their own they tell nothing, so a run must
// hold at least one other English word.
var sharedWords = map[string]map[string]bool{
	"de": wordSet(`in was will also so an am man hat code codes app apps browser name passkey passkeys start admin
		administrator session sessions link links status server`),
	"fr": wordSet(`a on code codes session sessions page pages options option total ok passkey passkeys question
		second seconds minutes minute long continue change`),
	"es":      wordSet(`a no total final`),
	"pt-BR":   wordSet(`a no do total final log continue`),
	"ar":      {},
	"ja":      {},
	"zh-Hans": {},
}

// wordSet makes a set of the words of list, lowercased.
func wordSet(list string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(list) {
		out[strings.ToLower(w)] = true
	}
	return out
}

// properNouns are names that stay as they are in every language: brands,
// standards and twofa's own name.
var properNouns = regexp.MustCompile(`\b(?:twofa(?:-test)?|TOTP|Google Authenticator|Microsoft Authenticator|Authy|FreeOTP|1Password|` +
	`UTC|WebAuthn|YubiKey|Android|iPhone|iPad|iOS|macOS|Windows|Linux|Firefox|Safari|Chrome|Chromium|Edge|Opera|curl|` +
	`JSON|UTF-8|GET|POST|PUT|DELETE|HTTP|https?|QR|PIN|ID|KiB|SVG|OpenID Connect|OAuth)\b`)

// quoted is a straight double-quoted string, or a list in brackets: the
// pages and messages quote input and identifiers this way (%q, and %v of
// a list), which are data.
var quoted = regexp.MustCompile(`"[^"\n]{0,60}"|\[[a-z0-9" -]*\]`)

// arabicScript is a letter of the Arabic script.
var arabicScript = regexp.MustCompile(`\p{Arabic}`)

// latinWord is a word (of any script, so that "frühere" is not read as
// "here"); apostrophes and hyphens inside
// keep a word whole ("it's", "E-Mail-Adresse").
var latinWord = regexp.MustCompile(`\pL+(?:['’]\pL+)*(?:-\pL+)*`)

// runGap is what may stand between two words of a run: spaces and
// punctuation.
var runGap = regexp.MustCompile(`^[\s\x{00A0}\x{202F},;:.!?()'“”‘’«»–—…/-]*$`)

// englishRuns returns the runs of two or more English words of s, as read
// in lang, with at least one word the language does not share.
func englishRuns(lang, s string) []string {
	shared := sharedWords[lang]
	var out []string
	var run []string
	var own bool
	prevEnd := -1
	flush := func() {
		if len(run) >= 2 && own {
			out = append(out, strings.Join(run, " "))
		}
		run, own = nil, false
	}
	for _, m := range latinWord.FindAllStringIndex(s, -1) {
		w := s[m[0]:m[1]]
		lw := strings.ToLower(strings.ReplaceAll(w, "’", "'"))
		if !englishWords[lw] {
			flush()
			prevEnd = m[1]
			continue
		}
		if prevEnd >= 0 && !runGap.MatchString(s[prevEnd:m[0]]) {
			flush()
		}
		run = append(run, w)
		own = own || !shared[lw]
		prevEnd = m[1]
	}
	flush()
	return out
}

var (
	commentRe    = regexp.MustCompile(`(?s)<!--.*?-->`)
	styleRe      = regexp.MustCompile(`(?is)<style\b.*?</style>`)
	scriptRe     = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	tagRe        = regexp.MustCompile(`(?s)<[^>]*>`)
	shownAttrRe  = regexp.MustCompile(`\s(?:alt|title|aria-label|placeholder|data-label)="([^"]*)"`)
	inputTagRe   = regexp.MustCompile(`(?i)<input\b[^>]*>`)
	buttonTypeRe = regexp.MustCompile(`\stype="(?:submit|button|reset)"`)
	valueAttrRe  = regexp.MustCompile(`\svalue="([^"]*)"`)
)

// shownTexts returns what a reader of the page sees, piece by piece: each
// text between tags, each shown attribute, the value of each button and
// each text a data block hands to a script.
func shownTexts(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, m := range scriptRe.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(m[1], `type="application/json"`) {
			continue
		}
		var texts map[string]any
		if err := json.Unmarshal([]byte(m[2]), &texts); err != nil {
			t.Errorf("a data block is not JSON: %v: %s", err, m[2])
			continue
		}
		for _, v := range texts {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	body = scriptRe.ReplaceAllString(commentRe.ReplaceAllString(styleRe.ReplaceAllString(body, ""), ""), "")
	for _, tag := range tagRe.FindAllString(body, -1) {
		for _, m := range shownAttrRe.FindAllStringSubmatch(tag, -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		if inputTagRe.MatchString(tag) && buttonTypeRe.MatchString(tag) {
			if m := valueAttrRe.FindStringSubmatch(tag); m != nil {
				out = append(out, html.UnescapeString(m[1]))
			}
		}
	}
	for _, piece := range tagRe.Split(body, -1) {
		if piece = strings.TrimSpace(html.UnescapeString(piece)); piece != "" {
			out = append(out, piece)
		}
	}
	return out
}

// leftoverAllowed are texts that may stay English on a translated page,
// each for its reason. They are taken out of a page's text before it is
// read.
var leftoverAllowed = []string{
	// The values a method field takes, named in the message of a wrong
	// one: identifiers of the API, the same in every language.
	"webauthn, totp, email, recovery",
	// The user information of a URL, in the refusal of a redirect URI
	// that has one: URL syntax, not words.
	"user:password@", "user@",
}

// withoutData blanks what text holds that is no word of a language: the
// data given (longest first), the allowed texts, proper nouns and quoted
// identifiers. A blank breaks a run.
func withoutData(text string, data ...string) string {
	data = append(slices.Clone(data), leftoverAllowed...)
	sort.Slice(data, func(i, j int) bool { return len(data[i]) > len(data[j]) })
	for _, d := range data {
		if d != "" {
			text = strings.ReplaceAll(text, d, " | ")
		}
	}
	return quoted.ReplaceAllString(properNouns.ReplaceAllString(text, " | "), " | ")
}

// TestEnglishRunsSeeEnglish checks the reader of the sweep: it finds the
// English of sentences the pages once showed untranslated, in every
// language, and nothing in their translations.
func TestEnglishRunsSeeEnglish(t *testing.T) {
	for _, english := range []string{
		"The two new passwords differ: type the same one twice.",
		"Factor: must be , or (or left out for any).",
		"Q: is longer than 254 characters, which no address is.",
		"totpSkew 2 -> 1 (default) by",
		"Wrong email or password",
	} {
		for _, lang := range sweepLanguages {
			if len(englishRuns(lang, english)) == 0 {
				t.Errorf("%s: no English found in %q", lang, english)
			}
		}
	}
	for _, own := range []struct{ lang, text string }{
		{"de", "Code per E-Mail: Geben Sie den Code ein, den wir an Ihre Adresse gesendet haben."},
		{"de", "Die Registrierung ist auf diesem Server geschlossen: Neue Konten legt ein Administrator an."},
		{"fr", "Un code a été envoyé : saisissez-le, puis continue sur la page de session."},
		{"ar", "أرسلنا رمزًا إلى بريدك الإلكتروني."},
		{"ja", "コードをメールで送信しました。"},
	} {
		if runs := englishRuns(own.lang, own.text); len(runs) > 0 {
			t.Errorf("%s: English %q found in %q", own.lang, runs, own.text)
		}
	}
}

// TestCatalogueHasNoEnglishRuns reads every translation of every
// language as the sweep reads a page: none may hold a run of English
// words, which a translator left untranslated.
func TestCatalogueHasNoEnglishRuns(t *testing.T) {
	for _, l := range i18n.Languages {
		if l.Code == i18n.English.Code {
			continue
		}
		if _, ok := sharedWords[l.Code]; !ok {
			t.Errorf("no words shared with English listed for %s", l.Code)
		}
		for key, v := range i18n.Catalogue(l.Code) {
			var texts []string
			switch v := v.(type) {
			case string:
				texts = append(texts, v)
			case i18n.Plural:
				for _, form := range v {
					texts = append(texts, form)
				}
			}
			for _, text := range texts {
				if runs := englishRuns(l.Code, withoutData(tagRe.ReplaceAllString(text, " | "))); len(runs) > 0 {
					t.Errorf("%s: English %q in the translation of %q: %q", l.Code, runs, key, text)
				}
			}
		}
	}
}
