package server

import (
	"strconv"
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

// eventLabels describe audit event types for people.
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

// eventNouns name repeated events when an entry stands for several:
// singular and plural.
var eventNouns = map[string][2]string{
	core.EventLoginFailed:        {"failed login", "failed logins"},
	core.EventSecondFactorFailed: {"wrong second-factor code", "wrong second-factor codes"},
	core.EventAccountLocked:      {"code-entry lock", "code-entry locks"},
	core.EventDeviceRevoked:      {"trusted-device revocation", "trusted-device revocations"},
	core.EventSessionEnded:       {"ended session", "ended sessions"},
	core.EventLogout:             {"logout", "logouts"},
}

// nounOrder is the order in which entryLabel names the types of a run.
var nounOrder = []string{
	core.EventLoginFailed, core.EventSecondFactorFailed, core.EventAccountLocked,
	core.EventDeviceRevoked, core.EventSessionEnded, core.EventLogout,
}

// entryLabel describes an audit entry: the event's label, or for a run of
// repeated events what it holds, such as "12 failed logins and 3 wrong
// second-factor codes from 5 addresses".
func entryLabel(e core.EventEntry) string {
	if e.Count <= 1 {
		return eventLabel(e.Type)
	}
	var parts []string
	seen := 0
	for _, typ := range nounOrder {
		n := e.Counts[typ]
		if n == 0 {
			continue
		}
		seen += n
		parts = append(parts, countOf(n, eventNouns[typ]))
	}
	if rest := e.Count - seen; rest > 0 {
		parts = append(parts, countOf(rest, [2]string{"other event", "other events"}))
	}
	text := strings.Join(parts, " and ")
	return text + " from " + countOf(e.Addresses, [2]string{"address", "addresses"})
}

// countOf writes n and the singular or plural noun.
func countOf(n int, noun [2]string) string {
	if n == 1 {
		return "1 " + noun[0]
	}
	return strconv.Itoa(n) + " " + noun[1]
}

func eventLabel(typ string) string {
	if l, ok := eventLabels[typ]; ok {
		return l
	}
	return typ
}

// detailLabels describe the methods an event detail may name.
var detailLabels = map[string]string{
	core.MethodTOTP:     "with the authenticator app",
	core.MethodEmail:    "with an email code",
	core.MethodRecovery: "with a recovery code",
	core.MethodPassword: "with the password",
	core.MethodWebAuthn: "with a security key",
}

// eventDetail makes an event's detail readable: method names become words
// and bare device ids, which mean nothing to people, are left out.
func eventDetail(detail string) string {
	if l, ok := detailLabels[detail]; ok {
		return l
	}
	if strings.HasPrefix(detail, "d_") || strings.HasPrefix(detail, "s_") {
		_, rest, _ := strings.Cut(detail, " ")
		return strings.Trim(rest, "()")
	}
	return detail
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
// Linux". Clients it does not know are named by their first product token.
func describeBrowser(ua string) string {
	if ua == "" {
		return "unknown"
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
			return name + " on " + sys.name
		}
	}
	return name
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
