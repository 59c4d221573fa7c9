package i18n

// The English entries of the administrator's pages: the plurals, and
// the "None" of an account without a second factor, whose key tells it
// apart from other "None"s.
func init() {
	add("en", Messages{
		"<strong>%[2]s</strong>: %[1]d failures, locked until <time datetime=\"%[3]s\">%[4]s</time>": Plural{
			"one":   "<strong>%[2]s</strong>: %[1]d failure, locked until <time datetime=\"%[3]s\">%[4]s</time>",
			"other": "<strong>%[2]s</strong>: %[1]d failures, locked until <time datetime=\"%[3]s\">%[4]s</time>",
		},
		"How the %d accounts (disabled ones included) prove their second factor.": Plural{
			"one":   "How the %d account (even if disabled) proves its second factor.",
			"other": "How the %d accounts (disabled ones included) prove their second factor.",
		},
		"about %d seconds ahead": Plural{
			"one":   "about %d second ahead",
			"other": "about %d seconds ahead",
		},
		"about %d seconds behind": Plural{
			"one":   "about %d second behind",
			"other": "about %d seconds behind",
		},
		"none in the last %d days": Plural{
			"one":   "none in the last day",
			"other": "none in the last %d days",
		},
		"Second factors of %[1]d accounts: Authenticator app %[2]s, Email codes only %[3]s, No second factor %[4]s": Plural{
			"one":   "Second factors of %[1]d account: Authenticator app %[2]s, Email codes only %[3]s, No second factor %[4]s",
			"other": "Second factors of %[1]d accounts: Authenticator app %[2]s, Email codes only %[3]s, No second factor %[4]s",
		},
		"%[2]s: %[1]d successes": Plural{
			"one":   "%[2]s: %[1]d success",
			"other": "%[2]s: %[1]d successes",
		},
		"%[2]s: %[1]d failures": Plural{
			"one":   "%[2]s: %[1]d failure",
			"other": "%[2]s: %[1]d failures",
		},
		"%[2]s: %[1]d lock-outs": Plural{
			"one":   "%[2]s: %[1]d lock-out",
			"other": "%[2]s: %[1]d lock-outs",
		},
		"None (no second factor)": "None",
	})
}
