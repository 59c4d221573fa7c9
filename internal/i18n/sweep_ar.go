package i18n

// The Arabic messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("ar", Messages{
		"The two new passwords differ: type the same one twice.":                                           "كلمتا المرور الجديدتان مختلفتان: اكتب كلمة المرور نفسها مرتين.",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "تعذّرت قراءة استجابة مفتاح الأمان التي أرسلها متصفحك. حاول مرة أخرى، أو استخدم طريقة أخرى.",
		"%[1]s: %[2]s":                   "%[1]s: %[2]s",
		"%[1]s -> %[2]s":                 "من %[1]s إلى %[2]s",
		"%[1]s %[2]s -> %[3]s":           "%[1]s من %[2]s إلى %[3]s",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s من %[2]s إلى %[3]s (القيمة الافتراضية)",
		"%[1]s; %[2]s":                   "%[1]s؛ %[2]s",
		"%[1]s by %[2]s":                 "%[1]s، بواسطة %[2]s",
		"%s by the command line":         "%s، من سطر الأوامر",
	})
}
