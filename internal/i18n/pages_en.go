package i18n

// The English plurals of the user pages' texts made in Go (the Security
// page's activity, the grace left to set up a second factor); every other
// English page text is its key. pages_<code>.go hold the translations.
func init() {
	add("en", Messages{
		"%[2]s from %[1]d addresses": Plural{
			"one":   "%[2]s from %[1]d address",
			"other": "%[2]s from %[1]d addresses",
		},
		"%d failed logins":              Plural{"one": "%d failed login", "other": "%d failed logins"},
		"%d wrong second-factor codes":  Plural{"one": "%d wrong second-factor code", "other": "%d wrong second-factor codes"},
		"%d code-entry locks":           Plural{"one": "%d code-entry lock", "other": "%d code-entry locks"},
		"%d trusted-device revocations": Plural{"one": "%d trusted-device revocation", "other": "%d trusted-device revocations"},
		"%d ended sessions":             Plural{"one": "%d ended session", "other": "%d ended sessions"},
		"%d logouts":                    Plural{"one": "%d logout", "other": "%d logouts"},
		"%d other events":               Plural{"one": "%d other event", "other": "%d other events"},
		"%d days":                       Plural{"one": "%d day", "other": "%d days"},
		"%d hours":                      Plural{"one": "%d hour", "other": "%d hours"},
		"%[1]d days %[2]s":              Plural{"one": "%[1]d day %[2]s", "other": "%[1]d days %[2]s"},
		"%[1]d hours %[2]s":             Plural{"one": "%[1]d hour %[2]s", "other": "%[1]d hours %[2]s"},
	})
}
