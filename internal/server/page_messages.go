package server

import (
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// notices are the fixed texts a redirect may ask for with ?notice=key, as
// messages of the catalogue; the query never puts its own text on a page.
var notices = map[string]string{
	"signed-out":       "You are logged out.",
	"totp-disabled":    "The authenticator app is disabled, and trusted devices were forgotten.",
	"email-enabled":    "Email codes are on: a code sent to your address now works as a second factor.",
	"email-disabled":   "Email codes are off, and trusted devices were forgotten.",
	"device-revoked":   "The device was revoked: it will be asked for a second factor at its next login.",
	"devices-revoked":  "Every trusted device was revoked.",
	"session-ended":    "The session was ended: that browser or app is logged out.",
	"sessions-ended":   "Every other session was ended: only this browser is still logged in.",
	"password-changed": "Password changed. Other sessions were signed out and trusted devices forgotten.",
	"email-changed":    "Email address changed. Mail about your account now goes to the new address; the old one was told.",
	"app-revoked":      "The app's access was revoked: it was signed out and must ask again at its next sign-in.",
	"password-reset":   "Your password was reset and every session signed out. Log in with the new password; if your account has a second factor, it is still asked for.",
	siteNeeds2FANotice: "The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.",
	reloginNotice:      "The site you came from needs two-factor authentication: log in again with your second factor.",
	appReloginNotice:   "The app you came from asks you to log in again.",
	"key-added":        "The security key was added: it now signs you in and confirms changes to your account.",
	"key-renamed":      "The security key was renamed.",
	"key-removed":      "The security key was removed: it no longer signs you in.",
	"language-saved":   "Language saved.",
	enrollmentNotice:   "Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.",
}

// noticeText returns the text of a notice key, written in the page's
// language when the page is rendered; the zero text for an unknown key.
func (s *server) noticeText(key string) text {
	switch key {
	case "account-created":
		if c := s.svc.Config(); c.EmailCodesForNewAccounts() {
			return newText("Account created. Two-factor authentication by email is on.")
		}
		return newText("Account created.")
	case "identity-confirmed":
		return newText("Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.",
			s.svc.Config().StepUpFreshness)
	case enrollmentNotice:
		if s.svc.WebAuthnAvailable() {
			return newText("Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.")
		}
	}
	if n, ok := notices[key]; ok {
		return newText(n)
	}
	return text{}
}

// errorText is the message of e as an English sentence for a page.
func errorText(e *core.Error) string {
	return errorTextIn(englishPrinter, e)
}

// errorTextIn is the message of e as a sentence in p's language, with the
// attempts left after a refused code or password.
func errorTextIn(p *i18n.Printer, e *core.Error) string {
	if unreadableKeyAnswer[e.Format] {
		return p.T("Your browser's answer from the security key could not be read. Try again, or use another method.")
	}
	text, ok := errorSentence(p, e)
	if !ok {
		// The English sentence: the message without "field: " in front,
		// or its fixed translation when the catalogue has one.
		text = p.Known(sentence(strings.TrimPrefix(e.Message, e.Field+": ")))
	}
	if e.Code == core.CodeTwoFactorInvalid || e.Code == core.CodeWrongPassword {
		text += attemptsText(p, e.AttemptsLeft)
	}
	return text
}

// unreadableKeyAnswer are the formats of the core's refusals of a
// security key's answer that cannot be parsed. Their message ends with the
// WebAuthn library's own English detail, which helps the developer of an
// API client and means nothing to a person: a page says what happened in
// its language instead.
var unreadableKeyAnswer = map[string]bool{
	"is not the credential JSON of navigator.credentials.create(): %s": true,
	"is not the credential JSON of navigator.credentials.get(): %s":    true,
}

// errorSentence is the sentence of e in p's language, and whether there is
// one: the sentence of e's Format (see core.Sentence) printed with its
// arguments through the catalogue, or one of the sentences the pages have
// for the errors they word themselves (in every language). Otherwise ok
// is false for English, which needs no catalogue, and for a message the
// language lacks.
func errorSentence(p *i18n.Printer, e *core.Error) (text string, ok bool) {
	switch e.Code {
	case core.CodeTooManyAttempts:
		return p.T("Too many attempts. Try again in %s.", core.HumanDurationIn(p, e.RetryAfter)), true
	case core.CodeResetTokenInvalid:
		return p.T("This reset link is unknown, was already used or replaced by a newer one, or has expired (links work once, within %s); ask for a new one.",
			core.HumanDurationIn(p, core.PasswordResetTTL)), true
	case core.CodeWrongPassword:
		return p.T("This is not your current password."), true
	}
	if p.Code == i18n.English.Code || e.Format == "" {
		return "", false
	}
	key := core.Sentence(e.Format)
	if _, ok := i18n.Catalogue(p.Code)[key]; !ok {
		return "", false
	}
	return p.T(key, argsIn(p, e.Args)...), true
}

// argsIn returns the arguments of an error message as p prints them: a
// core.Span as a length of time in p's language; numbers come out in the
// language's digits by themselves.
func argsIn(p *i18n.Printer, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if d, ok := a.(core.Span); ok {
			a = core.HumanDurationIn(p, time.Duration(d))
		}
		out[i] = a
	}
	return out
}

// attemptsText tells how many attempts are left, after a space, or is ""
// when no limit applies.
func attemptsText(p *i18n.Printer, left *int) string {
	if left == nil {
		return ""
	}
	return " " + p.T("%d attempts left.", *left)
}

// formErrors places e next to its field when the form has that field, and
// above the form otherwise.
func formErrors(v *view, e *core.Error, fields ...string) {
	for _, f := range fields {
		if e.Field == f && e.Code != core.CodeTwoFactorInvalid {
			v.FieldErrors = map[string]string{f: errorText(e)}
			v.cause = e
			return
		}
	}
	v.Error = errorText(e)
	v.cause = e
}

// sentence starts msg with a capital letter and ends it with a full stop
// (see core.Sentence).
func sentence(msg string) string { return core.Sentence(msg) }

// methodLabels name the second factors on pages.
var methodLabels = map[string]string{
	core.MethodTOTP:     "Authenticator app",
	core.MethodEmail:    "Code sent by email",
	core.MethodRecovery: "Recovery code",
	core.MethodPassword: "Password",
	core.MethodWebAuthn: "Security key or passkey",
}

// methodOption is one radio button of a method choice.
type methodOption struct {
	Value   string
	Label   string
	Checked bool
}

// methodOptions returns the choice of methods with chosen checked (or the
// first, when chosen is not among them).
func methodOptions(methods []string, chosen string) []methodOption {
	out := make([]methodOption, 0, len(methods))
	found := false
	for _, m := range methods {
		found = found || m == chosen
	}
	for i, m := range methods {
		out = append(out, methodOption{Value: m, Label: methodLabels[m], Checked: m == chosen || (!found && i == 0)})
	}
	return out
}

// checkedMethod returns the value of the checked option, or "".
func checkedMethod(opts []methodOption) string {
	for _, o := range opts {
		if o.Checked {
			return o.Value
		}
	}
	return ""
}
