package i18n

// The English plurals of error messages; every other English error
// sentence is its own key.
func init() {
	add("en", Messages{
		"The database cannot be reached; nothing was done, try again in %d seconds.": Plural{
			"one":   "The database cannot be reached; nothing was done, try again in %d second.",
			"other": "The database cannot be reached; nothing was done, try again in %d seconds.",
		},
	})
}
