package i18n

// The Brazilian Portuguese messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("pt-BR", Messages{
		"The two new passwords differ: type the same one twice.":                                           "As duas senhas novas são diferentes: digite a mesma duas vezes.",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "Não foi possível ler a resposta da chave de segurança enviada pelo seu navegador. Tente de novo ou use outro método.",
		"%[1]s: %[2]s":                   "%[1]s: %[2]s",
		"%[1]s -> %[2]s":                 "de %[1]s para %[2]s",
		"%[1]s %[2]s -> %[3]s":           "%[1]s de %[2]s para %[3]s",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s de %[2]s para %[3]s (padrão)",
		"%[1]s; %[2]s":                   "%[1]s; %[2]s",
		"%[1]s by %[2]s":                 "%[1]s, por %[2]s",
		"%s by the command line":         "%s, pela linha de comando",
	})
}
