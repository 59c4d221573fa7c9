package server

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// settingsPath is the settings page of administrators.
const settingsPath = "/admin/settings"

// Texts of the settings page that handlers set: the section of settings
// in no other, the notice after saving and the error of a refused form.
const (
	otherSettingsTitle = "Other"
	settingsSaved      = "The settings were saved. Every instance of twofa applies them within a few seconds."
	settingsRefused    = "A setting is not valid; nothing was saved."
)

// settingsSections group the settings on the page, in order. A setting in
// none of them is shown in a last section of its own. Titles are messages
// the template translates.
var settingsSections = []struct {
	title string
	names []string
}{
	{"Second factors", []string{core.SettingAllowedMethods, core.SettingEmail2FADefault, core.SettingTOTPSkew,
		core.SettingEmailCodeTTL, core.SettingStepUpFreshness, core.SettingTrustedDeviceTTL}},
	{"Authenticator app requirement", []string{core.SettingEnforcement, core.SettingEnforcementGrace}},
	{"Sign-up", []string{core.SettingSignupOpen}},
	{"Guessing limits", []string{core.SettingSecondFactorAttempts, core.SettingSecondFactorLock, core.SettingSecondFactorMaxLock,
		core.SettingLoginAttempts, core.SettingLoginMaxLock}},
}

// settingsData is the settings page.
type settingsData struct {
	Sections []settingsSection
}

type settingsSection struct {
	Title string
	Rows  []settingRow
}

// settingRow is one setting on the page: the value in the form (what was
// posted, after a refusal), its options, and where the value in force
// comes from. Label and Help (of core.Setting) are messages the template
// translates.
type settingRow struct {
	core.Setting
	Input   string
	Options []settingOption
	// Error is the refusal of the posted value, in the page's language.
	Error string
	// Shown is the value in force in words, in the page's language.
	Shown string
	// SetAtText is when an administrator set the value (Source "admin").
	SetAtText timeText
	// FlagSource is how the operator gave the flag (Source "flag").
	FlagSource flagSource
}

// settingOption is one value of a choice; Label is a message the template
// translates.
type settingOption struct {
	Value, Label string
	Selected     bool
}

// flagSource is how the operator gave the flag of a setting, read from
// core.Setting.Flag so the page can say it in its language: Kind "flag"
// (on the command line), "variable" (Where names it) or "file" (Where is
// its path), and Flag the flag's name. Kind "" is a text of another shape,
// which the page shows as it is.
type flagSource struct {
	Kind, Flag, Where string
}

// flagSourceText matches the texts of cmd/twofa's coreSources: "flag
// --email-code-ttl", "variable TWOFA_EMAIL_CODE_TTL (flag
// --email-code-ttl)" and "config file twofa.yaml (flag --email-code-ttl)".
var flagSourceText = regexp.MustCompile(`^(?:flag --(\S+)|variable (\S+) \(flag --(\S+)\)|config file (.+) \(flag --(\S+)\))$`)

// parseFlagSource reads the text of a setting's flag source.
func parseFlagSource(text string) flagSource {
	m := flagSourceText.FindStringSubmatch(text)
	switch {
	case m == nil:
		return flagSource{}
	case m[1] != "":
		return flagSource{Kind: "flag", Flag: m[1]}
	case m[2] != "":
		return flagSource{Kind: "variable", Where: m[2], Flag: m[3]}
	}
	return flagSource{Kind: "file", Where: m[4], Flag: m[5]}
}

// listIn joins words into a list in p's language: "a, b, c".
func listIn(p *i18n.Printer, words []string) string {
	if len(words) == 0 {
		return ""
	}
	out := words[0]
	for _, w := range words[1:] {
		out = p.T("%[1]s, %[2]s", out, w)
	}
	return out
}

// optionLabels name the values of choices and booleans on the page.
var optionLabels = map[string]string{
	"true": "Yes", "false": "No",
	core.EnforceOff: "Off", core.EnforceAll: "All accounts", core.EnforceAdmins: "Administrators only",
	core.MethodTOTP: "Authenticator app (TOTP)", core.MethodEmail: "Email codes",
}

// settingsView builds the page from the settings in p's language, with
// the form's values (nil: those in force) and an error to show next to its
// setting.
func settingsView(p *i18n.Printer, v *core.SettingsView, form url.Values, e *core.Error) settingsData {
	rows := map[string]settingRow{}
	for _, st := range v.Settings {
		row := settingRow{Setting: st, Input: st.Text, SetAtText: newTimeText(st.SetAt), FlagSource: parseFlagSource(st.Flag)}
		if form != nil {
			row.Input = formText(form, st)
		}
		if e != nil && e.Field == st.Name {
			row.Error = errorTextIn(p, e)
		}
		var values []string
		switch st.Kind {
		case core.KindBool:
			values = []string{"true", "false"}
		case core.KindChoice, core.KindMethods:
			values = st.Choices
		}
		chosen := strings.Split(row.Input, ",")
		for _, val := range values {
			row.Options = append(row.Options, settingOption{Value: val, Label: optionLabels[val], Selected: slices.Contains(chosen, val)})
		}
		row.Shown = st.Text
		if len(values) > 0 {
			var words []string
			for _, val := range strings.Split(st.Text, ",") {
				words = append(words, p.Known(optionLabels[val]))
			}
			row.Shown = listIn(p, words)
		}
		rows[st.Name] = row
	}
	var d settingsData
	for _, sec := range settingsSections {
		s := settingsSection{Title: sec.title}
		for _, name := range sec.names {
			if row, ok := rows[name]; ok {
				s.Rows = append(s.Rows, row)
				delete(rows, name)
			}
		}
		d.Sections = append(d.Sections, s)
	}
	if len(rows) > 0 {
		s := settingsSection{Title: otherSettingsTitle}
		for _, st := range v.Settings {
			if row, ok := rows[st.Name]; ok {
				s.Rows = append(s.Rows, row)
			}
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

// formText is the value the form holds for st, as text: a list of methods
// is joined with commas (an empty hidden field makes the list present
// when no box is ticked).
func formText(form url.Values, st core.Setting) string {
	if st.Kind == core.KindMethods {
		var list []string
		for _, m := range form[st.Name] {
			if m != "" {
				list = append(list, m)
			}
		}
		return strings.Join(list, ",")
	}
	return strings.TrimSpace(form.Get(st.Name))
}

// formChanges returns the settings the form changes: each one whose value
// differs from the one in force, and null for each one ticked "reset". A
// setting the form does not hold is left alone.
func formChanges(v *core.SettingsView, form url.Values) map[string]json.RawMessage {
	changes := map[string]json.RawMessage{}
	for _, st := range v.Settings {
		if slices.Contains(form["reset"], st.Name) {
			changes[st.Name] = json.RawMessage("null")
			continue
		}
		if _, ok := form[st.Name]; !ok {
			continue
		}
		text := formText(form, st)
		if text == st.Text {
			continue
		}
		changes[st.Name] = formJSON(st.Kind, text)
	}
	return changes
}

// formJSON turns the text of a form field into the JSON of a setting of
// that kind; text that is not of the kind becomes a JSON string, which
// the core refuses with a message naming the setting.
func formJSON(kind core.SettingKind, text string) json.RawMessage {
	var v any = text
	switch kind {
	case core.KindBool:
		if b, err := strconv.ParseBool(text); err == nil {
			v = b
		}
	case core.KindInt:
		if n, err := strconv.Atoi(text); err == nil {
			v = n
		}
	case core.KindMethods:
		v = []string{}
		if text != "" {
			v = strings.Split(text, ",")
		}
	}
	raw, _ := json.Marshal(v)
	return raw
}

// pageSettings shows the settings to an administrator.
func (s *server) pageSettings(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	v, err := s.svc.Settings(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pr := i18n.NewPrinter(s.pageLanguage(r, p.User))
	view := &view{Title: "Settings", User: p.User, Data: settingsView(pr, v, nil, nil)}
	if r.URL.Query().Get("notice") == "saved" {
		view.Notice = settingsSaved
	}
	s.render(w, r, http.StatusOK, "settings", view)
}

// pageSettingsPost saves the settings the form changes: checked first,
// then, as an administrative change, with a second factor proved within
// the step-up freshness or now (on the confirm page, which sends the form
// along).
func (s *server) pageSettingsPost(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	ctx := r.Context()
	v, err := s.svc.Settings(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	changes := formChanges(v, r.PostForm)
	if len(changes) == 0 {
		seeOther(w, r, settingsPath)
		return
	}
	refused := func(err error) {
		e, ok := core.AsError(err)
		if !ok || e.Code != core.CodeBadRequest {
			s.pageError(w, r, err)
			return
		}
		pr := i18n.NewPrinter(s.pageLanguage(r, p.User))
		view := &view{Title: "Settings", User: p.User, Data: settingsView(pr, v, r.PostForm, e)}
		if settingDefined(v, e.Field) {
			view.Error = settingsRefused
		} else {
			view.Error = errorTextIn(pr, e)
		}
		s.render(w, r, http.StatusBadRequest, "settings", view)
	}
	if err := s.svc.CheckSettings(changes); err != nil {
		refused(err)
		return
	}
	method, code := formProof(r)
	op, err := s.svc.AdminOperator(ctx, p, core.Proof{Method: method, Code: code}, s.meta(r))
	if err != nil {
		s.confirmFailed(w, r, p, saveSettingsAction(r.PostForm), method, err)
		return
	}
	if _, err := s.svc.UpdateSettings(ctx, changes, op); err != nil {
		refused(err)
		return
	}
	seeOther(w, r, settingsPath+"?notice=saved")
}

// settingDefined reports whether v has a setting called name.
func settingDefined(v *core.SettingsView, name string) bool {
	return slices.ContainsFunc(v.Settings, func(st core.Setting) bool { return st.Name == name })
}

// saveSettingsAction is the confirm page of a settings form: it sends the
// form's fields along with the proof.
func saveSettingsAction(form url.Values) sensitiveAction {
	a := sensitiveAction{
		path:      settingsPath,
		title:     "Save the settings",
		intro:     "Server settings change how every account signs in, so an administrator confirms each change with a second factor.",
		button:    "Save settings",
		back:      settingsPath,
		backTitle: "Settings",
	}
	for _, name := range slices.Sorted(maps.Keys(form)) {
		if name == "method" || name == "code" {
			continue
		}
		for _, val := range form[name] {
			a.hidden = append(a.hidden, formField{Name: name, Value: val})
		}
	}
	return a
}
