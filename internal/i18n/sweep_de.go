package i18n

// The German messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("de", Messages{
		"The two new passwords differ: type the same one twice.":                                           "Die beiden neuen Passwörter unterscheiden sich: Geben Sie zweimal dasselbe ein.",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "Die Antwort des Sicherheitsschlüssels, die Ihr Browser gesendet hat, ließ sich nicht lesen. Versuchen Sie es erneut, oder verwenden Sie eine andere Methode.",
		"%[1]s: %[2]s":                   "%[1]s: %[2]s",
		"%[1]s -> %[2]s":                 "von %[1]s auf %[2]s",
		"%[1]s %[2]s -> %[3]s":           "%[1]s von %[2]s auf %[3]s",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s von %[2]s auf %[3]s (Standardwert)",
		"%[1]s; %[2]s":                   "%[1]s; %[2]s",
		"%[1]s by %[2]s":                 "%[1]s, von %[2]s",
		"%s by the command line":         "%s, über die Befehlszeile",
	})
}
