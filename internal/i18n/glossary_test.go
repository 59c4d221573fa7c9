package i18n

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The checks in this file read every message of a language as its reader
// sees it and fail on wording that its GLOSSARY comment rules out: a
// synonym of a glossary term, a second word for one thing where the
// messages settled on one, the informal form of address, English left in a
// translation, and punctuation that does not follow the language's
// conventions.

// rule is a wording a language's messages must not use, and what they use
// instead.
type rule struct {
	bad  *regexp.Regexp
	want string
}

// word matches any of the alternatives (regular expressions) as a whole
// word, in any case: no letter or digit may touch it on either side. RE2's
// \b knows only ASCII letters, which splits "tué" or "Schlüssel".
func word(alternatives ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(?:` + strings.Join(alternatives, "|") + `)(?:[^\p{L}\p{N}]|$)`)
}

// phrase matches any of the alternatives anywhere, case kept: the form
// for languages without spaces between words.
func phrase(alternatives ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?:` + strings.Join(alternatives, "|") + `)`)
}

// arabic matches any of the alternatives as whole Arabic words, which may
// carry the article and a one-letter proclitic (و ف ب ل ك): "بمفتاح الحماية".
func arabic(alternatives ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\p{L}])(?:[وفبلك]|لل)?(?:ال)?(?:` + strings.Join(alternatives, "|") + `)(?:[^\p{L}]|$)`)
}

// allowed are phrases removed from a message before the rules run: the
// glossary term itself where a rule forbids a part of it, and the default
// name a new key gets ("Passkey 1", written by core in English and quoted
// as the user will see it).
var allowed = map[string]*regexp.Regexp{
	"fr":      regexp.MustCompile(`Passkey \d+`),
	"es":      regexp.MustCompile(`Passkey \d+`),
	"pt-BR":   regexp.MustCompile(`Passkey \d+|(?i)aplicativos? autenticador(?:es)?`),
	"ja":      regexp.MustCompile(`その他`),
	"zh-Hans": regexp.MustCompile(`Passkey \d+|身份验证器应用|退出登录`),
}

// glossary lists, per language, the synonyms its GLOSSARY comment rules
// out and the words the messages settled on where two were in use.
var glossary = map[string][]rule{
	"de": {
		{word(`recovery[- ]?codes?`, `backup[- ]?codes?`, `notfall-?codes?`, `wiederherstellungs-?schlüssel`, `wiederherstellungs-codes?`), "Wiederherstellungscode"},
		{word(`authenticator app\w*`, `authentifizierungs-?apps?`, `authentifikator\w*`, `authenticator-anwendung\w*`), "Authenticator-App"},
		{word(`security-?keys?`, `sicherheits-keys?`, `hardware-?schlüssel\w*`, `sicherheitstoken\w*`), "Sicherheitsschlüssel"},
		{word(`zweitfaktor\w*`), "zweiter Faktor"},
		{word(`zwei-faktor-authentisierung`, `zweifaktor\w*`, `2-faktor\w*`, `zwei-schritt\w*`), "Zwei-Faktor-Authentifizierung"},
		{word(`\p{L}*logg\p{L}*`, `login\w*`, `logout`), "anmelden / abmelden"},
		{word(`sessions?`), "Sitzung"},
		{word(`vertraute[snm]? geräte?`, `vertrautes gerät`, `vertrauensgerät\w*`), "vertrauenswürdiges Gerät"},
		{word(`e-mail codes?`, `email-codes?`, `mailcodes?`), "E-Mail-Code"},
		{word(`kommandozeile`), "Befehlszeile"},
	},
	"fr": {
		{word(`codes? de secours`, `codes? de sauvegarde`, `codes? de r[ée]cup`, `cl[ée]s? de r[ée]cup[ée]ration`), "code de récupération"},
		{word(`authentificat(?:eur|rice)s?`, `applis?`, `apps? d'authentification`), "application d'authentification"},
		{word(`cl[ée]s? physiques?`, `cl[ée]s? usb`), "clé de sécurité"},
		{word(`passkeys?`), "clé d'accès"},
		{word(`deuxi[èe]mes? facteurs?`), "second facteur"},
		{word(`double authentification`, `authentification en deux [ée]tapes`, `a2f`), "authentification à deux facteurs"},
		{word(`s'identifier`, `identifiez-vous`, `ouvrir une session`, `log(?:in|out)`), "se connecter / se déconnecter"},
		{word(`appareils? (?:fiables?|approuv[ée]s?|s[ûu]rs?)`), "appareil de confiance"},
		{word(`courriels?`, `codes? e-mail`, `codes? mail`), "code par e-mail"},
		{word(`bloqu[ée]e?s?`, `blocages?`), "verrouillage, verrouillé"},
		{word(`deuxi[èe]me [ée]tape`), "seconde étape"},
		{word(`sessions? (?:\p{L}+ ){0,2}ferm[ée]e?s?`), "session terminée"},
	},
	"es": {
		{word(`c[óo]digos? de (?:respaldo|emergencia|reserva|copia)`), "código de recuperación"},
		{word(`aplicaci[óo]n(?:es)? autenticadoras?`, `apps? de autenticaci[óo]n`, `autenticador(?:es)?`), "aplicación de autenticación"},
		{word(`claves? de seguridad`), "llave de seguridad"},
		{word(`claves? de acceso`, `passkeys?`), "llave de acceso"},
		{word(`doble factor`, `(?:verificaci[óo]n|autenticaci[óo]n) en dos pasos`), "autenticación de dos factores"},
		{word(`login`, `logout`, `loguea\w*`, `(?:ha|haya|había|hayan) entrado`), "iniciar sesión / cerrar sesión"},
		{word(`dispositivos? (?:confiables?|fiables?)`), "dispositivo de confianza"},
		{word(`c[óo]digos? (?:de|por) (?:e-?mail|correo electr[óo]nico)`, `e-mails?`), "código por correo"},
		{word(`per[ií]odo de gracia`), "plazo de gracia"},
		{word(`entrada de c[óo]digos`), "introducción de códigos"},
	},
	"pt-BR": {
		{word(`c[óo]digos? (?:de )?(?:backup|reserva|emerg[êe]ncia)`), "código de recuperação"},
		{word(`apps? autenticador(?:es)?`, `aplicativos? de autentica[çc][ãa]o`, `autenticador(?:es)?`), "aplicativo autenticador"},
		{word(`chaves? f[íi]sicas?`), "chave de segurança"},
		{word(`passkeys?`), "chave de acesso"},
		{word(`dupla autentica[çc][ãa]o`, `(?:verifica[çc][ãa]o|autentica[çc][ãa]o) em duas etapas`), "autenticação de dois fatores"},
		{word(`login`, `logout`, `logad[oa]s?`, `deslogad[oa]s?`, `fazer login`, `iniciar sess[ãa]o`, `sess[ãa]o iniciada`), "entrar / sair"},
		{word(`dispositivos? de confian[çc]a`), "dispositivo confiável"},
		{word(`c[óo]digos? de e-mail`), "código por e-mail"},
		{word(`qr code`), "código QR"},
		{word(`per[íi]odo de car[êe]ncia`), "prazo de carência"},
	},
	"ja": {
		{phrase(`リカバリコード`, `回復コード`, `復旧コード`, `バックアップコード`, `予備コード`), "リカバリーコード"},
		{phrase(`認証システム`, `オーセンティケーター`, `認証用アプリ`, `認証アプリケーション`), "認証アプリ"},
		{phrase(`セキュリティ キー`, `セキュリティーキー`, `セキュリティ・キー`, `物理キー`), "セキュリティキー"},
		{phrase(`第2要素`, `第二要素`), "第 2 要素"},
		{phrase(`2段階認証`, `二段階認証`, `2 ?要素認証`, `二要素認証`), "2 段階認証"},
		{phrase(`サインイン`, `サインアウト`, `ログオン`, `ログオフ`), "ログイン / ログアウト"},
		{phrase(`信頼できるデバイス`, `信頼されたデバイス`), "信頼済みデバイス"},
		{phrase(`メールコード`, `メール認証コード`), "メールで届くコード"},
		{phrase(`他の`), "ほかの"},
		{phrase(`パスワードリセット`, `リセット用`), "パスワードの再設定、再設定用"},
	},
	"zh-Hans": {
		{phrase(`备用码`, `恢复代码`, `救援码`, `备份码`, `恢复密钥`), "恢复码"},
		{phrase(`认证器`, `身份验证应用`, `验证器应用`, `身份验证器`), "身份验证器应用"},
		{phrase(`硬件密钥`, `安全钥匙`), "安全密钥"},
		{phrase(`通行秘钥`, `(?i)passkey`), "通行密钥"},
		{phrase(`两步验证`, `双因素`, `二次验证`, `两步认证`, `多重验证`), "双重验证"},
		{phrase(`登陆`, `登入`, `登出`, `注销`, `退出`), "登录 / 退出登录"},
		{phrase(`可信设备`, `可信任的设备`, `受信任设备`), "受信任的设备"},
		{phrase(`电子邮件验证码`, `邮箱验证码`, `邮件代码`), "邮件验证码"},
		{phrase(`帐户`, `账号`, `帐号`), "账户"},
		{phrase(`电子邮件地址`, `电邮`), "邮箱地址"},
		{phrase(`更改密码`), "修改密码"},
	},
	"ar": {
		{arabic(`(?:رمز|رموز) (?:ال)?(?:استرجاع|استعادة|طوارئ)`, `(?:رمز|رموز) (?:ال)?نسخ (?:ال)?احتياطي`), "رمز الاسترداد"},
		{arabic(`تطبيق(?:ات)? (?:ال)?(?:توثيق|تحقق)`), "تطبيق المصادقة"},
		{arabic(`(?:مفتاح|مفاتيح) (?:ال)?حماية`, `مفتاح أمني`, `مفاتيح أمنية`), "مفتاح الأمان"},
		{arabic(`(?:مفتاح|مفاتيح) (?:ال)?(?:دخول|وصول)`), "مفتاح المرور"},
		{arabic(`تحقق بخطوتين`, `تحقق (?:ال)?ثنائي`, `مصادقة (?:ال)?مزدوجة`, `مصادقة ذات (?:ال)?عاملين`, `مصادقة متعددة (?:ال)?عوامل`), "المصادقة الثنائية"},
		{arabic(`ولوج`), "تسجيل الدخول / تسجيل الخروج"},
		{arabic(`(?:جهاز|أجهزة) (?:ال)?(?:مؤتمنة?|معتمدة?)`), "جهاز موثوق"},
		{arabic(`فترة (?:ال)?سماح`), "المهلة"},
		{word(`laptop`), "الحاسوب المحمول"},
	},
}

// informal lists the forms of address each language's glossary rules out:
// German "du", French "tu", Spanish "tú", Portuguese "tu", Japanese plain
// style in sentences.
var informal = map[string]*regexp.Regexp{
	"de":    word(`du`, `dich`, `dir`, `dein\w*`, `euch`, `euer`, `eure\w*`),
	"fr":    regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:tu|toi|ton|ta|tes|te)(?:[^\p{L}'’]|$)|t['’])`),
	"es":    word(`tú`, `tu`, `tus`, `te`, `ti`, `contigo`, `puedes`, `tienes`, `quieres`, `debes`, `eres`, `estás`, `has`),
	"pt-BR": word(`tu`, `teu`, `tua`, `teus`, `tuas`, `te`, `ti`, `contigo`, `vós`),
	"ja":    phrase(`[^まで]した。`, `(?:する|ある|いる|なる|ない|だ)。`),
}

// english are common English words that no translation keeps; the
// product names, API values and headers that translations do keep contain
// none of them.
var english = word(`the`, `and`, `your`, `with`, `please`, `click`, `settings`, `account`)

var (
	entities = regexp.MustCompile(`&(?:[a-z]+|#\d+);`)
	paths    = regexp.MustCompile(`[\x21-\x7e]*/[\x21-\x7e]*`)
)

// prose is a message as its reader sees the words: no markup, entities,
// fmt verbs, URLs or API paths.
func prose(text string) string {
	text = markup.ReplaceAllString(text, " ")
	text = entities.ReplaceAllString(text, " ")
	text = verb.ReplaceAllString(text, " ")
	return paths.ReplaceAllString(text, " ")
}

// texts returns a message's texts: the string, or each case of a Plural.
func texts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case Plural:
		out := make([]string, 0, len(v))
		for _, t := range v {
			out = append(out, t)
		}
		sort.Strings(out)
		return out
	}
	return nil
}

// wordingMisses returns what is wrong with the wording of one text of the
// language with code: glossary variants, the informal address, English.
func wordingMisses(code, text string) []string {
	p := prose(text)
	if a := allowed[code]; a != nil {
		p = a.ReplaceAllString(p, " ")
	}
	var out []string
	for _, r := range glossary[code] {
		if m := r.bad.FindString(p); m != "" {
			out = append(out, fmt.Sprintf("uses %q; the glossary says %q", strings.TrimSpace(m), r.want))
		}
	}
	if re := informal[code]; re != nil {
		if m := re.FindString(p); m != "" {
			out = append(out, fmt.Sprintf("uses the informal %q; address the reader as the glossary says", strings.TrimSpace(m)))
		}
	}
	if m := english.FindString(p); m != "" {
		out = append(out, fmt.Sprintf("leaves the English word %q untranslated", strings.TrimSpace(m)))
	}
	return out
}

var (
	// frenchTechnical are tokens whose colon is syntax, not punctuation:
	// a header, JSON, a URI.
	frenchTechnical = regexp.MustCompile(`Content-Type:|\{[^}]*\}|\S+:\S+`)
	// frenchNeedsSpace is a high punctuation mark or a closing guillemet
	// that lacks the no-break space before it, or an opening guillemet
	// that lacks it after.
	frenchNeedsSpace = regexp.MustCompile(`(?:^|[^\x{00a0}\x{202f}])[:;?!»]|«[^\x{00a0}\x{202f}]`)
	// cjk matches a Han, Hiragana or Katakana character.
	cjk = `[\p{Han}\p{Hiragana}\p{Katakana}]`
	// halfWidthNextToCJK is ASCII sentence punctuation touching Chinese or
	// Japanese text, which takes the full-width marks.
	halfWidthNextToCJK = regexp.MustCompile(cjk + `[,;?!()]|[,;?!()]` + cjk)
	// japaneseWrongWidth are the full-width colon and comma: Japanese
	// messages write ": " and "、".
	japaneseWrongWidth = regexp.MustCompile(`[：，]`)
	// latinNextToArabic is a Latin comma, semicolon or question mark
	// touching Arabic text, which takes "،", "؛" and "؟".
	latinNextToArabic = regexp.MustCompile(`\p{Arabic}\s?[,;?]|[,;?]\s?\p{Arabic}`)
	// latinToken is a word with Latin letters, dots or brackets: a code,
	// an address, a product name, a setting value.
	latinToken = regexp.MustCompile(`\S*[A-Za-z.\[\]:^]\S*`)
	// westernDigitsInArabic is a number in Western digits next to an
	// Arabic word: Arabic prose writes ٠١٢٣٤٥٦٧٨٩, as the printer does.
	westernDigitsInArabic = regexp.MustCompile(`[0-9]+\s\p{Arabic}|\p{Arabic}\s[0-9]+`)
	// arabicSettingValues are values an administrator types as they are.
	arabicSettingValues = regexp.MustCompile(`0 أو 1 أو 2`)
)

// punctuationMisses returns what is wrong with the punctuation of one
// text of the language with code.
func punctuationMisses(code, text string) []string {
	p := prose(text)
	var out []string
	switch code {
	case "fr":
		p = frenchTechnical.ReplaceAllString(p, " ")
		if m := frenchNeedsSpace.FindString(p); m != "" {
			out = append(out, fmt.Sprintf("%q lacks the no-break space French puts before : ; ? ! » and after «", m))
		}
	case "es":
		if strings.Count(p, "?") != strings.Count(p, "¿") || strings.Count(p, "!") != strings.Count(p, "¡") {
			out = append(out, "a question or exclamation lacks its opening ¿ or ¡")
		}
	case "ja", "zh-Hans":
		if m := halfWidthNextToCJK.FindString(p); m != "" {
			out = append(out, fmt.Sprintf("%q puts a half-width mark in running text; use the full-width one", m))
		}
		if code == "ja" {
			if m := japaneseWrongWidth.FindString(p); m != "" {
				out = append(out, fmt.Sprintf("%q: Japanese messages write \": \" and \"、\"", m))
			}
		}
	case "ar":
		if m := latinNextToArabic.FindString(p); m != "" {
			out = append(out, fmt.Sprintf("%q: Arabic takes ، ؛ ؟", m))
		}
		q := arabicSettingValues.ReplaceAllString(p, " ")
		q = latinToken.ReplaceAllString(q, " ")
		if m := westernDigitsInArabic.FindString(q); m != "" {
			out = append(out, fmt.Sprintf("%q: write numbers in Arabic prose with Arabic-Indic digits", m))
		}
	}
	return out
}

// checkCatalogue reports every text of every translated language that
// check finds fault with.
func checkCatalogue(t *testing.T, check func(code, text string) []string) {
	t.Helper()
	for _, code := range translated() {
		keys := make([]string, 0, len(catalogues[code]))
		for key := range catalogues[code] {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			for _, text := range texts(catalogues[code][key]) {
				for _, miss := range check(code, text) {
					t.Errorf("%s %q: %s (text %q)", code, key, miss, text)
				}
			}
		}
	}
}

// TestGlossaryWording fails when a translation uses a synonym its
// language's glossary rules out, a second word where the messages settled
// on one, the informal form of address, or an English word.
func TestGlossaryWording(t *testing.T) {
	checkCatalogue(t, wordingMisses)
}

// TestPunctuation fails when a translation breaks its language's
// punctuation: French no-break spaces, Spanish ¿ ¡, full-width marks in
// Chinese and Japanese, Arabic marks and digits.
func TestPunctuation(t *testing.T) {
	checkCatalogue(t, punctuationMisses)
}

// TestStyleChecksSeeMistakes feeds each check a text with a mistake it
// must find, and the corrected text it must pass.
func TestStyleChecksSeeMistakes(t *testing.T) {
	for _, c := range []struct {
		code, bad, good string
		check           func(code, text string) []string
	}{
		{"de", "Geben Sie einen Recovery-Code ein.", "Geben Sie einen Wiederherstellungscode ein.", wordingMisses},
		{"de", "Bitte loggen Sie sich ein.", "Bitte melden Sie sich an.", wordingMisses},
		{"de", "Ändere dein Passwort.", "Ändern Sie Ihr Passwort.", wordingMisses},
		{"de", "Ihre Session wurde beendet.", "Ihre Sitzung wurde beendet.", wordingMisses},
		{"fr", "Saisissez un code de secours.", "Saisissez un code de récupération.", wordingMisses},
		{"fr", "Tu peux changer ton mot de passe.", "Vous pouvez changer votre mot de passe.", wordingMisses},
		{"fr", "La saisie des codes est bloquée.", "La saisie des codes est verrouillée.", wordingMisses},
		{"fr", "Toutes les sessions ont été fermées.", "Toutes les sessions ont été terminées.", wordingMisses},
		{"es", "Puedes cambiar tu contraseña.", "Puede cambiar su contraseña.", wordingMisses},
		{"es", "Use una clave de seguridad.", "Use una llave de seguridad.", wordingMisses},
		{"pt-BR", "Este login expirou.", "Esta entrada expirou.", wordingMisses},
		{"pt-BR", "Altere a tua senha.", "Altere a sua senha.", wordingMisses},
		{"ja", "2段階認証を有効にする", "2 段階認証を有効にする", wordingMisses},
		{"ja", "他のセッション", "ほかのセッション", wordingMisses},
		{"ja", "コードを入力する。", "コードを入力してください。", wordingMisses},
		{"zh-Hans", "请输入备用码。", "请输入恢复码。", wordingMisses},
		{"zh-Hans", "已退出应用", "已从应用退出登录", wordingMisses},
		{"ar", "أدخل رمز الاسترجاع.", "أدخل رمز الاسترداد.", wordingMisses},
		{"ar", "مثل YubiKey أو Laptop", "مثل YubiKey أو الحاسوب المحمول", wordingMisses},
		{"fr", "Mot de passe oublié ?", "Mot de passe oublié\u00a0?", punctuationMisses},
		{"fr", "Cochez « Se souvenir »", "Cochez «\u00a0Se souvenir\u00a0»", punctuationMisses},
		{"es", "Olvidó su contraseña?", "¿Olvidó su contraseña?", punctuationMisses},
		{"zh-Hans", "忘记密码?", "忘记密码？", punctuationMisses},
		{"ja", "検証できませんでした：%s。", "検証できませんでした: %s。", punctuationMisses},
		{"ar", "هل نسيت كلمة المرور?", "هل نسيت كلمة المرور؟", punctuationMisses},
		{"ar", "لمدة 7 أيام", "لمدة ٧ أيام", punctuationMisses},
	} {
		if len(c.check(c.code, c.bad)) == 0 {
			t.Errorf("%s %q passes", c.code, c.bad)
		}
		if misses := c.check(c.code, c.good); len(misses) != 0 {
			t.Errorf("%s %q fails: %v", c.code, c.good, misses)
		}
	}
}
