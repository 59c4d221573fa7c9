package i18n

// en holds the English messages that need an entry: the plurals. Every
// other message is its own key.
var en = Messages{
	"%d remaining": Plural{"other": "%d remaining"},
	"%d minutes":   Plural{"one": "%d minute", "other": "%d minutes"},
	"%d seconds":   Plural{"one": "%d second", "other": "%d seconds"},
	"Events are kept for %d days; repeated ones are shown together, newest address and browser first.": Plural{
		"one":   "Events are kept for %d day; repeated ones are shown together, newest address and browser first.",
		"other": "Events are kept for %d days; repeated ones are shown together, newest address and browser first.",
	},
	"%d attempts left.": Plural{
		"=0":    "No attempts left.",
		"one":   "%d attempt left.",
		"other": "%d attempts left.",
	},
}
