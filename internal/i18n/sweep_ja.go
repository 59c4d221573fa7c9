package i18n

// The Japanese messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("ja", Messages{
		"The two new passwords differ: type the same one twice.":                                           "2 つの新しいパスワードが一致しません。同じパスワードを 2 回入力してください。",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "ブラウザーから送られたセキュリティキーの応答を読み取れませんでした。もう一度お試しいただくか、別の方法をお使いください。",
		"%[1]s: %[2]s":                   "%[1]s: %[2]s",
		"%[1]s -> %[2]s":                 "%[1]s から %[2]s へ",
		"%[1]s %[2]s -> %[3]s":           "%[1]s を %[2]s から %[3]s に変更",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s を %[2]s から %[3]s（デフォルト）に変更",
		"%[1]s; %[2]s":                   "%[1]s、%[2]s",
		"%[1]s by %[2]s":                 "%[1]s（%[2]s による）",
		"%s by the command line":         "%s（コマンドラインから）",
	})
}
