package i18n

// The Simplified Chinese messages of the leftover-English sweep: texts that Go code
// puts on pages and that were still shown in English — the refusals of a
// user search (a parameter's label and the message's sentence), the
// password form's mismatch, a security key's answer that cannot be read,
// and the details of email and settings changes in the activity lists.
func init() {
	add("zh-Hans", Messages{
		"The two new passwords differ: type the same one twice.":                                           "两次输入的新密码不一致：请输入相同的密码两次。",
		"Your browser's answer from the security key could not be read. Try again, or use another method.": "无法读取浏览器发来的安全密钥响应。请重试，或改用其他方式。",
		"%[1]s: %[2]s":                   "%[1]s：%[2]s",
		"%[1]s -> %[2]s":                 "从 %[1]s 改为 %[2]s",
		"%[1]s %[2]s -> %[3]s":           "%[1]s 从 %[2]s 改为 %[3]s",
		"%[1]s %[2]s -> %[3]s (default)": "%[1]s 从 %[2]s 改为 %[3]s（默认值）",
		"%[1]s; %[2]s":                   "%[1]s；%[2]s",
		"%[1]s by %[2]s":                 "%[1]s（由 %[2]s 操作）",
		"%s by the command line":         "%s（通过命令行）",
	})
}
