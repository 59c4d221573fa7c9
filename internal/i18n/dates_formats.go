package i18n

// never is shown for a moment that has not happened, such as a key never
// used.
const never = "never"

func init() {
	for code, text := range map[string]string{"de": "nie", "fr": "jamais", "es": "nunca", "pt-BR": "nunca", "ja": "なし", "zh-Hans": "从未", "ar": "أبدًا"} {
		add(code, Messages{never: text})
	}
	add("de", Messages{
		dateTimeFormat: "%[1]s. %[2]s %[3]s, %[4]s UTC",
		dateFormat:     "%[1]s. %[2]s %[3]s",
		dayMonthFormat: "%[1]s. %[2]s",
	})
	add("fr", Messages{dateTimeFormat: dateTimeFormat, dateFormat: dateFormat, dayMonthFormat: dayMonthFormat})
	add("es", Messages{dateTimeFormat: dateTimeFormat, dateFormat: dateFormat, dayMonthFormat: dayMonthFormat})
	add("pt-BR", Messages{
		dateTimeFormat: "%[1]s de %[2]s de %[3]s, %[4]s UTC",
		dateFormat:     "%[1]s de %[2]s de %[3]s",
		dayMonthFormat: "%[1]s de %[2]s",
	})
	add("ja", Messages{
		dateTimeFormat: "%[3]s年%[2]s%[1]s日 %[4]s UTC",
		dateFormat:     "%[3]s年%[2]s%[1]s日",
		dayMonthFormat: "%[2]s%[1]s日",
	})
	add("zh-Hans", Messages{
		dateTimeFormat: "%[3]s年%[2]s%[1]s日 %[4]s UTC",
		dateFormat:     "%[3]s年%[2]s%[1]s日",
		dayMonthFormat: "%[2]s%[1]s日",
	})
	add("ar", Messages{
		dateTimeFormat: "%[1]s %[2]s %[3]s، %[4]s UTC",
		dateFormat:     dateFormat,
		dayMonthFormat: dayMonthFormat,
	})
}
