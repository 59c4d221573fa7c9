package server

import (
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// timeText is a moment as pages show it: the template function date writes
// it in the page's language, and DateTime is its machine-readable twin for
// the <time> element ("" for never).
type timeText struct {
	DateTime string
	at       time.Time
	// day shows the date alone, for a whole UTC day.
	day bool
}

func newTimeText(t time.Time) timeText {
	if t.IsZero() {
		return timeText{}
	}
	t = t.UTC()
	return timeText{DateTime: t.Format(time.RFC3339), at: t}
}

// newDayText is the UTC day that starts at t.
func newDayText(t time.Time) timeText {
	t = t.UTC()
	return timeText{DateTime: t.Format(time.DateOnly), at: t, day: true}
}

// dateIn writes tt in p's language: "26 Nov 2026, 12:00 UTC", the date
// alone for a day, or "never".
func dateIn(p *i18n.Printer, tt timeText) string {
	switch {
	case tt.at.IsZero():
		return p.T("never")
	case tt.day:
		return p.Date(tt.at)
	}
	return p.DateTime(tt.at)
}

// eventLabels describe audit event types for people: messages of the
// catalogue.
var eventLabels = map[string]string{
	core.EventSignUp:             "Account created",
	core.EventLogin:              "Logged in",
	core.EventLoginTrusted:       "Logged in on a trusted device",
	core.EventLoginFailed:        "Failed login (wrong password)",
	core.EventLogout:             "Logged out",
	core.EventSessionEnded:       "Session ended",
	core.EventSecondFactorFailed: "Wrong second-factor code",
	core.EventAccountLocked:      "Code entry locked after wrong codes",
	core.EventTOTPEnabled:        "Authenticator app enabled",
	core.EventTOTPDisabled:       "Authenticator app disabled",
	core.EventEmail2FAEnabled:    "Email codes turned on",
	core.EventEmail2FADisabled:   "Email codes turned off",
	core.EventRecoveryRegen:      "New recovery codes made",
	core.EventRecoveryUsed:       "Recovery code used",
	core.EventDeviceTrusted:      "Device trusted",
	core.EventDeviceRevoked:      "Trusted device revoked",
	core.EventPasswordChanged:    "Password changed",
	core.EventEmailChanged:       "Email address changed",
	core.EventEmailChangeUndone:  "Email address change undone",
	core.EventAppAuthorized:      "App allowed to sign you in",
	core.EventAppRevoked:         "App access revoked",
	core.EventAppCodeReused:      "An app's sign-in code was used twice: its tokens were revoked",
	core.EventAppTokenReused:     "An app's refresh token was used twice: its tokens were revoked",
	core.EventLanguageChanged:    "Language changed",

	core.EventPasswordResetRequested: "Password reset link mailed",
	core.EventPasswordReset:          "Password reset with a mailed link",
	core.EventSettingsChanged:        "Server settings changed",
	core.EventRoleChanged:            "Role changed by an administrator",
	core.EventTwoFactorReset:         "Two-factor authentication reset by an administrator",
	core.EventUnlocked:               "Locks lifted by an administrator",
	core.EventAccountDisabled:        "Account disabled by an administrator",
	core.EventAccountEnabled:         "Account enabled by an administrator",
	core.EventSessionsEndedAll:       "Every session ended by an administrator",

	core.EventWebAuthnAdded:   "Security key added",
	core.EventWebAuthnRenamed: "Security key renamed",
	core.EventWebAuthnRemoved: "Security key removed",
	core.EventWebAuthnUsed:    "Security key used",
	core.EventWebAuthnClone:   "Security key refused: it may have been copied",
	core.EventPasswordRemoved: "Password removed: passkeys only",
}

// runCounts name how many events of each type a run of repeated events
// holds, in the order entryText lists them: plural messages of the
// catalogue.
var runCounts = []struct{ typ, key string }{
	{core.EventLoginFailed, "%d failed logins"},
	{core.EventSecondFactorFailed, "%d wrong second-factor codes"},
	{core.EventAccountLocked, "%d code-entry locks"},
	{core.EventDeviceRevoked, "%d trusted-device revocations"},
	{core.EventSessionEnded, "%d ended sessions"},
	{core.EventLogout, "%d logouts"},
}

// otherEvents counts the events of a run that runCounts does not name.
const otherEvents = "%d other events"

// fromAddresses is the sentence of a run: what it holds (%[2]s, a list
// of runCounts) and from how many addresses (%[1]d, which the plural
// follows).
const fromAddresses = "%[2]s from %[1]d addresses"

// entryText describes an audit entry: the event's label, or for a run of
// repeated events what it holds, such as "12 failed logins and 3 wrong
// second-factor codes from 5 addresses".
func entryText(e core.EventEntry) text {
	if e.Count <= 1 {
		return eventText(e.Type)
	}
	var parts []text
	seen := 0
	for _, c := range runCounts {
		n := e.Counts[c.typ]
		if n == 0 {
			continue
		}
		seen += n
		parts = append(parts, newText(c.key, n))
	}
	if rest := e.Count - seen; rest > 0 {
		parts = append(parts, newText(otherEvents, rest))
	}
	return newText(fromAddresses, e.Addresses, listText(parts))
}

// entryLabel is entryText in English, for the API's summary.
func entryLabel(e core.EventEntry) string { return entryText(e).English() }

// eventText is the label of an event type; a type without one is shown
// as it is.
func eventText(typ string) text {
	if l, ok := eventLabels[typ]; ok {
		return newText(l)
	}
	return verbatim(typ)
}

// browsers and systems are matched in order against a User-Agent: the first
// token found names it. Edge and Opera say "Chrome" too, so they come first.
var (
	browsers = []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"HeadlessChrome/", "Headless Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	}
	systems = []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"CrOS", "ChromeOS"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
	}
)

// describeBrowser turns a User-Agent into a short name like "Firefox 128 on
// Linux", in English, for the API ("unknown" without one).
func describeBrowser(ua string) string {
	if ua == "" {
		return "unknown"
	}
	return browserText(ua).English()
}

// browserText names the browser of a User-Agent and its system, for a
// page: "Firefox 128 on Linux". Clients it does not know are named by
// their first product token.
func browserText(ua string) text {
	if ua == "" {
		return newText("unknown browser")
	}
	name := ""
	for _, b := range browsers {
		if _, after, ok := strings.Cut(ua, b.token); ok {
			name = b.name
			if v := leadingDigits(after); v != "" && b.name != "Safari" {
				name += " " + v
			}
			break
		}
	}
	if name == "" {
		name, _, _ = strings.Cut(ua, " ")
		name, _, _ = strings.Cut(name, "/")
		if len(name) > 40 {
			name = name[:40]
		}
	}
	for _, sys := range systems {
		if strings.Contains(ua, sys.token) {
			return newText("%[1]s on %[2]s", name, sys.name)
		}
	}
	return verbatim(name)
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
