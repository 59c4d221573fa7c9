package i18n

// The Spanish messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("es", Messages{
		"The two new passwords differ: type the same one twice.":                                           "Las dos contraseñas nuevas no coinciden: escriba la misma dos veces.",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "No se pudo leer la respuesta de la llave de seguridad que envió su navegador. Vuelva a intentarlo o use otro método.",
		"%[1]s: %[2]s":                   "%[1]s: %[2]s",
		"%[1]s -> %[2]s":                 "de %[1]s a %[2]s",
		"%[1]s %[2]s -> %[3]s":           "%[1]s de %[2]s a %[3]s",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s de %[2]s a %[3]s (valor predeterminado)",
		"%[1]s; %[2]s":                   "%[1]s; %[2]s",
		"%[1]s by %[2]s":                 "%[1]s, por %[2]s",
		"%s by the command line":         "%s, desde la línea de comandos",
	})
}
