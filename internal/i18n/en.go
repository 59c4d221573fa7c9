package i18n

// en holds the English messages that need an entry: the plurals. Every
// other message is its own key.
var en = Messages{
	"%d remaining": Plural{"other": "%d remaining"},
	"%d minutes":   Plural{"one": "%d minute", "other": "%d minutes"},
	"%d seconds":   Plural{"one": "%d second", "other": "%d seconds"},
	"%d attempts left.": Plural{
		"=0":    "No attempts left.",
		"one":   "%d attempt left.",
		"other": "%d attempts left.",
	},
}
