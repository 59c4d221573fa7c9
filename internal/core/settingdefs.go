package core

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Names of the settings administrators change at run time, as the API and
// the settings page call them.
const (
	SettingAllowedMethods       = "allowedMethods"
	SettingEmail2FADefault      = "email2faDefault"
	SettingSignupOpen           = "signupOpen"
	SettingTOTPSkew             = "totpSkew"
	SettingEmailCodeTTL         = "emailCodeTtl"
	SettingStepUpFreshness      = "stepUpFreshness"
	SettingTrustedDeviceTTL     = "trustedDeviceTtl"
	SettingSecondFactorAttempts = "secondFactorAttempts"
	SettingSecondFactorLock     = "secondFactorLock"
	SettingSecondFactorMaxLock  = "secondFactorMaxLock"
	SettingLoginAttempts        = "loginAttempts"
	SettingLoginMaxLock         = "loginMaxLock"
	SettingEnforcement          = "enforcement"
	SettingEnforcementGrace     = "enforcementGrace"
)

// SettingKind is the type of a setting's value.
type SettingKind string

// Kinds of settings, and the JSON each takes.
const (
	// KindBool is true or false.
	KindBool SettingKind = "bool"
	// KindInt is a whole number.
	KindInt SettingKind = "int"
	// KindDuration is a string in Go's duration syntax: "90s", "10m",
	// "1h30m", "168h".
	KindDuration SettingKind = "duration"
	// KindChoice is one string of Choices.
	KindChoice SettingKind = "choice"
	// KindMethods is a list of second-factor methods, each of Choices.
	KindMethods SettingKind = "methods"
)

// settingDef describes one setting: how it reads and changes a Config, and
// which values it takes.
type settingDef struct {
	name  string
	label string
	help  string
	// flag is the twofa serve flag that gives the value the settings start
	// from, "" when none does.
	flag    string
	kind    SettingKind
	choices []string
	// lo and hi bound a KindInt (as counts) or a KindDuration (as
	// nanoseconds).
	lo, hi int64
	// get returns the value of c: a bool, int, time.Duration, string or
	// []string, by kind.
	get func(c *Config) any
	// set stores v, a value as get returns it, in c.
	set func(c *Config, v any)
}

const day = 24 * time.Hour

// GuessWindow and MaxGuessOdds are the guessing bound twofa keeps to: a
// stranger who has the password has less than a 1 in MaxGuessOdds chance
// of guessing an account's TOTP code within GuessWindow. The defaults give
// 191 guesses for 3 right codes (SECURITY.md); a settings change that would
// break the bound is refused.
const (
	GuessWindow  = 30 * day
	MaxGuessOdds = 1000
)

// settingDefs are the settings, in the order the settings page shows them.
var settingDefs = []settingDef{
	{
		name: SettingAllowedMethods, label: "Second factors allowed", kind: KindMethods,
		choices: []string{MethodTOTP, MethodEmail},
		help: "Methods accounts may turn on. An account that already uses a method taken off this list keeps it " +
			"only while it is the account's only second factor, so nobody is locked out.",
		get: func(c *Config) any {
			var m []string
			if !c.TOTPDisallowed {
				m = append(m, MethodTOTP)
			}
			if !c.EmailDisallowed {
				m = append(m, MethodEmail)
			}
			return m
		},
		set: func(c *Config, v any) {
			m := v.([]string)
			c.TOTPDisallowed, c.EmailDisallowed = !slices.Contains(m, MethodTOTP), !slices.Contains(m, MethodEmail)
		},
	},
	{
		name: SettingEmail2FADefault, label: "Email codes on for new accounts", kind: KindBool, flag: "email-2fa-default",
		help: "New accounts start with codes mailed to their address as a second factor (when email codes are allowed).",
		get:  func(c *Config) any { return c.Email2FADefault },
		set:  func(c *Config, v any) { c.Email2FADefault = v.(bool) },
	},
	{
		name: SettingSignupOpen, label: "Sign-up open", kind: KindBool,
		help: "Anyone may create an account. When closed, administrators create accounts on the command line.",
		get:  func(c *Config) any { return !c.SignupClosed },
		set:  func(c *Config, v any) { c.SignupClosed = !v.(bool) },
	},
	{
		name: SettingTOTPSkew, label: "Authenticator clock drift", kind: KindInt, lo: 0, hi: 2,
		help: "How many 30-second steps an authenticator app's code may be early or late: 0, 1 or 2.",
		get:  func(c *Config) any { return c.TOTPSkew },
		set:  func(c *Config, v any) { c.TOTPSkew = v.(int) },
	},
	{
		name: SettingEmailCodeTTL, label: "Email code lifetime", kind: KindDuration, flag: "email-code-ttl",
		lo: int64(time.Minute), hi: int64(day),
		help: "How long a mailed code stays valid.",
		get:  func(c *Config) any { return c.EmailCodeTTL },
		set:  func(c *Config, v any) { c.EmailCodeTTL = v.(time.Duration) },
	},
	{
		name: SettingStepUpFreshness, label: "Step-up freshness", kind: KindDuration, flag: "2fa-remember",
		lo: int64(time.Minute), hi: int64(day),
		help: "How long after proving a second factor a session may make sensitive changes without proving one again.",
		get:  func(c *Config) any { return c.StepUpFreshness },
		set:  func(c *Config, v any) { c.StepUpFreshness = v.(time.Duration) },
	},
	{
		name: SettingTrustedDeviceTTL, label: "Trusted device lifetime", kind: KindDuration, flag: "trusted-device-ttl",
		lo: int64(time.Hour), hi: int64(365 * day),
		help: "How long \"Remember this device\" skips the second step. Devices trusted before a change keep their end date.",
		get:  func(c *Config) any { return c.TrustedDeviceTTL },
		set:  func(c *Config, v any) { c.TrustedDeviceTTL = v.(time.Duration) },
	},
	{
		name: SettingSecondFactorAttempts, label: "Wrong codes before a lock", kind: KindInt, lo: 1, hi: 10,
		help: "Wrong second-factor codes one device (or all unknown devices of an account together) may enter before code entry locks.",
		get:  func(c *Config) any { return c.SecondFactorLimit.Free },
		set:  func(c *Config, v any) { c.SecondFactorLimit.Free = v.(int) },
	},
	{
		name: SettingSecondFactorLock, label: "First code-entry lock", kind: KindDuration,
		lo: int64(time.Minute), hi: int64(time.Hour),
		help: "How long the first lock lasts; each further wrong code doubles it.",
		get:  func(c *Config) any { return c.SecondFactorLimit.Base },
		set:  func(c *Config, v any) { c.SecondFactorLimit.Base = v.(time.Duration) },
	},
	{
		name: SettingSecondFactorMaxLock, label: "Longest code-entry lock", kind: KindDuration,
		lo: int64(time.Hour), hi: int64(day),
		help: "The longest lock. Only a correct code clears the record, so this bounds the guesses of a code in a month.",
		get:  func(c *Config) any { return c.SecondFactorLimit.Max },
		set:  func(c *Config, v any) { c.SecondFactorLimit.Max = v.(time.Duration) },
	},
	{
		name: SettingLoginAttempts, label: "Wrong passwords before a lock", kind: KindInt, lo: 1, hi: 100,
		help: "Wrong passwords one client address (or one known device) may try before its logins are slowed down.",
		get:  func(c *Config) any { return c.LoginLimit.Free },
		set:  func(c *Config, v any) { c.LoginLimit.Free = v.(int) },
	},
	{
		name: SettingLoginMaxLock, label: "Longest login lock", kind: KindDuration,
		lo: int64(time.Minute), hi: int64(day),
		help: "The longest lock of an address that keeps guessing passwords.",
		get:  func(c *Config) any { return c.LoginLimit.Max },
		set:  func(c *Config, v any) { c.LoginLimit.Max = v.(time.Duration) },
	},
	{
		name: SettingEnforcement, label: "Authenticator app required", kind: KindChoice,
		choices: []string{EnforceOff, EnforceAll, EnforceAdmins},
		help: "Whose accounts must have an authenticator app or a security key: nobody (off), every account (all) or administrators (admins). " +
			"After the grace period, an account with neither can do nothing but set one up.",
		get: func(c *Config) any { return c.Enforcement },
		set: func(c *Config, v any) { c.Enforcement = v.(string) },
	},
	{
		name: SettingEnforcementGrace, label: "Grace period", kind: KindDuration,
		lo: 0, hi: int64(90 * day),
		help: "How long an account has to set up an app or a key, from when the requirement began to cover it or from its sign-up, whichever is later.",
		get:  func(c *Config) any { return c.EnforcementGrace },
		set:  func(c *Config, v any) { c.EnforcementGrace = v.(time.Duration) },
	},
}

// settingDefNamed returns the setting called name, or nil.
func settingDefNamed(name string) *settingDef {
	for i := range settingDefs {
		if settingDefs[i].name == name {
			return &settingDefs[i]
		}
	}
	return nil
}

// decode reads a JSON value of the setting, checking its type and range.
// The error is a bad-request error naming the setting.
func (d *settingDef) decode(raw json.RawMessage) (any, error) {
	switch d.kind {
	case KindBool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, badRequest(d.name, "must be true or false")
		}
		return b, nil
	case KindInt:
		var n int
		if err := json.Unmarshal(raw, &n); err != nil || int64(n) < d.lo || int64(n) > d.hi {
			return nil, badRequest(d.name, "must be a whole number from %d to %d", d.lo, d.hi)
		}
		return n, nil
	case KindDuration:
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, badRequest(d.name, "must be a string holding a duration such as \"90s\", \"10m\" or \"168h\"")
		}
		v, err := time.ParseDuration(strings.TrimSpace(text))
		if err != nil {
			return nil, badRequest(d.name, "%q is not a duration such as 90s, 10m or 168h", text)
		}
		if int64(v) < d.lo || int64(v) > d.hi {
			return nil, badRequest(d.name, "must be from %s to %s", shortDuration(time.Duration(d.lo)), shortDuration(time.Duration(d.hi)))
		}
		return v, nil
	case KindChoice:
		var text string
		if err := json.Unmarshal(raw, &text); err != nil || !slices.Contains(d.choices, text) {
			return nil, badRequest(d.name, "must be one of %q", d.choices)
		}
		return text, nil
	case KindMethods:
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, badRequest(d.name, "must be a list of methods out of %q", d.choices)
		}
		var out []string
		for _, m := range list {
			if !slices.Contains(d.choices, m) {
				return nil, badRequest(d.name, "%q is not a method that can be allowed (use %q)", m, d.choices)
			}
			if slices.Contains(out, m) {
				return nil, badRequest(d.name, "names %q twice", m)
			}
			out = append(out, m)
		}
		if len(out) == 0 {
			return nil, badRequest(d.name, "must allow at least one method")
		}
		slices.SortFunc(out, func(a, b string) int { return slices.Index(d.choices, a) - slices.Index(d.choices, b) })
		return out, nil
	}
	return nil, fmt.Errorf("setting %s: unknown kind %q", d.name, d.kind)
}

// encode returns v, a value of the setting, as JSON: durations as strings
// in Go's syntax.
func (d *settingDef) encode(v any) json.RawMessage {
	raw, err := json.Marshal(d.jsonValue(v))
	if err != nil { // values are bools, ints, strings and lists of them
		panic("core: encode setting " + d.name + ": " + err.Error())
	}
	return raw
}

// jsonValue returns v, a value of the setting, as the API shows it:
// durations as strings, and a list never nil.
func (d *settingDef) jsonValue(v any) any {
	switch x := v.(type) {
	case time.Duration:
		return shortDuration(x)
	case []string:
		if x == nil {
			return []string{}
		}
	}
	return v
}

// text returns v, a value of the setting, as a form shows it.
func (d *settingDef) text(v any) string {
	switch x := v.(type) {
	case time.Duration:
		return shortDuration(x)
	case []string:
		return strings.Join(x, ",")
	}
	return fmt.Sprint(v)
}

// shortDuration writes d in Go's duration syntax without trailing zero
// units: "10m", "168h", "1h30m", "0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// checkSettings checks the rules between settings of c, which holds the
// values in force after a change; changed names the settings the change
// set, so that an error names one of them.
func checkSettings(c *Config, changed func(name string) bool) error {
	pick := func(names ...string) string {
		for _, n := range names {
			if changed(n) {
				return n
			}
		}
		return names[0]
	}
	if c.SecondFactorLimit.Max < c.SecondFactorLimit.Base {
		f := pick(SettingSecondFactorMaxLock, SettingSecondFactorLock)
		return badRequest(f, "the longest code-entry lock (%s) must not be shorter than the first (%s)",
			shortDuration(c.SecondFactorLimit.Max), shortDuration(c.SecondFactorLimit.Base))
	}
	if changed(SettingSecondFactorAttempts) || changed(SettingSecondFactorLock) || changed(SettingSecondFactorMaxLock) || changed(SettingTOTPSkew) {
		guesses := c.SecondFactorLimit.MaxAttempts(GuessWindow)
		right := 2*c.TOTPSkew + 1
		if guesses*right >= 1_000_000/MaxGuessOdds {
			f := pick(SettingSecondFactorMaxLock, SettingSecondFactorAttempts, SettingSecondFactorLock, SettingTOTPSkew)
			return badRequest(f, "with these values a stranger who has the password could make %d guesses of a TOTP code in 30 days, "+
				"each right for %d of the 10^6 codes: a chance of %d in 10^6, over the 1 in %d twofa keeps to; "+
				"allow fewer wrong codes, longer locks or less clock drift", guesses, right, guesses*right, MaxGuessOdds)
		}
	}
	if c.LoginLimit.Max < c.LoginLimit.Base {
		return badRequest(SettingLoginMaxLock, "must be at least the first login lock, %s", shortDuration(c.LoginLimit.Base))
	}
	if c.Enforcement != EnforceOff && c.TOTPDisallowed {
		f := pick(SettingEnforcement, SettingAllowedMethods)
		if f == SettingEnforcement {
			return badRequest(f, "needs %q among %s: the requirement is an authenticator app", MethodTOTP, SettingAllowedMethods)
		}
		return badRequest(f, "must include %q while %s is %q", MethodTOTP, SettingEnforcement, c.Enforcement)
	}
	return nil
}
