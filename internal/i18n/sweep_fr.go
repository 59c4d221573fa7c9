package i18n

// The French messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("fr", Messages{
		"The two new passwords differ: type the same one twice.":                                           "Les deux nouveaux mots de passe diffèrent\u00a0: saisissez le même deux fois.",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "La réponse de la clé de sécurité transmise par votre navigateur est illisible. Réessayez, ou utilisez une autre méthode.",
		"%[1]s: %[2]s":                   "%[1]s\u00a0: %[2]s",
		"%[1]s -> %[2]s":                 "de %[1]s à %[2]s",
		"%[1]s %[2]s -> %[3]s":           "%[1]s de %[2]s à %[3]s",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s de %[2]s à %[3]s (valeur par défaut)",
		"%[1]s; %[2]s":                   "%[1]s\u00a0; %[2]s",
		"%[1]s by %[2]s":                 "%[1]s, par %[2]s",
		"%s by the command line":         "%s, en ligne de commande",
	})
}
