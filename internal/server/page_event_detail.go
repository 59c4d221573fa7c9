package server

import (
	"fmt"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// The detail of an audit event is written by the core for the API, in
// English and partly for machines (ids, Go durations). detailText turns
// the details a person can use into messages of the catalogue, and leaves
// out the ones that mean nothing to people.

// detailLabels describe the methods an event detail may name.
var detailLabels = map[string]string{
	core.MethodTOTP:     "with the authenticator app",
	core.MethodEmail:    "with an email code",
	core.MethodRecovery: "with a recovery code",
	core.MethodPassword: "with the password",
	core.MethodWebAuthn: "with a security key",
}

// fixedDetails describe the details that are fixed words, by event type.
var fixedDetails = map[string]map[string]string{
	core.EventLogin:              {"password only": "with the password only"},
	core.EventLoginFailed:        {"wrong password": "wrong password"},
	core.EventSecondFactorFailed: {"totp-setup": "while setting up an authenticator app", "email-change": "while changing the email address"},
	core.EventSessionEnded:       {"all others": "every other session"},
	core.EventDeviceRevoked: {
		"all":                       "every trusted device",
		"all (password changed)":    "every trusted device, as the password was changed",
		"all (password reset)":      "every trusted device, as the password was reset",
		"all (TOTP disabled)":       "every trusted device, as the authenticator app was disabled",
		"all (email 2FA disabled)":  "every trusted device, as email codes were turned off",
		"all (email changed)":       "every trusted device, as the email address was changed",
		"all (email change undone)": "every trusted device, as an email change was undone",
	},
}

// roleNames name the roles of an account.
var roleNames = map[string]string{core.RoleUser: "user", core.RoleAdmin: "administrator"}

// detailText makes the detail of an event of type typ readable: method
// names become words, fixed details messages, and bare device and session
// ids, which mean nothing to people, are left out. Details that are data
// (a key's name, an address, an app) are shown as they are.
func detailText(typ, detail string) text {
	if typ == core.EventLanguageChanged {
		if l, ok := i18n.Lookup(detail); ok {
			return verbatim(l.Name)
		}
		return newText("Same as the browser")
	}
	if detail == "" {
		return text{}
	}
	if l, ok := detailLabels[detail]; ok {
		return newText(l)
	}
	if l, ok := fixedDetails[typ][detail]; ok {
		return newText(l)
	}
	if strings.HasPrefix(detail, "d_") || strings.HasPrefix(detail, "s_") {
		if _, rest, _ := strings.Cut(detail, " "); rest == "(this session)" {
			return newText("this session")
		}
		return text{}
	}
	if t, ok := composedDetail(typ, detail); ok {
		return t
	}
	if who, ok := strings.CutPrefix(detail, "by "); ok {
		return byText(who)
	}
	return verbatim(detail)
}

// composedDetail reads the details that the core composes of data and
// words, and writes them as a message with the data as arguments.
func composedDetail(typ, detail string) (text, bool) {
	switch typ {
	case core.EventLogin:
		if key, ok := strings.CutPrefix(detail, core.FactorPasskey+" "); ok {
			return newText("with the passkey %s", key), true
		}
	case core.EventLoginFailed:
		if why, ok := strings.CutPrefix(detail, "passkey: "); ok {
			return newText("passkey refused: %s", knownText(why)), true
		}
		if key, ok := strings.CutPrefix(detail, "passkey with another user handle: "); ok {
			return newText("a passkey of another account: %s", key), true
		}
	case core.EventAccountLocked:
		if d, err := time.ParseDuration(detail); err == nil && d > 0 {
			return newText("for %s", d), true
		}
	case core.EventWebAuthnRenamed:
		// `"old" (wk_…) to "new" (wk_…)`: a quote inside a name is
		// escaped, so the first `) to "` ends the old one.
		if i := strings.Index(detail, `) to "`); i > 0 {
			return newText("from %[1]s to %[2]s", detail[:i+1], detail[i+len(") to "):]), true
		}
	case core.EventWebAuthnClone:
		if i := strings.LastIndex(detail, ": counter "); i > 0 {
			var now, before uint64
			if _, err := fmt.Sscanf(detail[i+len(": counter "):], "%d after %d", &now, &before); err == nil {
				return newText("%[1]s: its counter went from %[2]d to %[3]d", detail[:i], before, now), true
			}
		}
	case core.EventEmailChanged, core.EventEmailChangeUndone:
		// "old -> new"
		if from, to, ok := strings.Cut(detail, " -> "); ok && !strings.Contains(to, " -> ") {
			return newText("%[1]s -> %[2]s", from, to), true
		}
	case core.EventSettingsChanged:
		return settingsDetail(detail)
	case core.EventRoleChanged:
		// "old -> new by who"
		change, who, ok := strings.Cut(detail, " by ")
		from, to, ok2 := strings.Cut(change, " -> ")
		if ok && ok2 && roleNames[from] != "" && roleNames[to] != "" {
			return newText("from %[1]s to %[2]s, %[3]s", newText(roleNames[from]), newText(roleNames[to]), byText(who)), true
		}
	}
	return text{}, false
}

// byText names who made a change: an administrator's address, or the
// command line.
func byText(who string) text {
	if who == "the command line" {
		return newText("by the command line")
	}
	return newText("by %s", who)
}

// settingsDetail reads the detail of a change of the settings, "name old
// -> new[ (default)]; ... by who", and writes its words in the page's
// language; names and values stay as the API and the flags spell them.
func settingsDetail(detail string) (text, bool) {
	changes, who, ok := strings.Cut(detail, " by ")
	if !ok || strings.Contains(who, " by ") {
		return text{}, false
	}
	var items []text
	for _, item := range strings.Split(changes, "; ") {
		name, change, ok := strings.Cut(item, " ")
		if !ok {
			return text{}, false
		}
		change, reset := strings.CutSuffix(change, " (default)")
		from, to, ok := strings.Cut(change, " -> ")
		if !ok || strings.Contains(to, " -> ") {
			return text{}, false
		}
		key := "%[1]s %[2]s -> %[3]s"
		if reset {
			key = "%[1]s %[2]s -> %[3]s (default)"
		}
		items = append(items, newText(key, name, from, to))
	}
	all := items[0]
	for _, it := range items[1:] {
		all = newText("%[1]s; %[2]s", all, it)
	}
	if who == "the command line" {
		return newText("%s by the command line", all), true
	}
	return newText("%[1]s by %[2]s", all, who), true
}
