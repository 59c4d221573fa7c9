package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// settingJSON is one setting as the settings API shows it.
type settingJSON struct {
	// Value is the value in force; Default the value without an
	// administrator's (the flag's, or the built-in default).
	Value   any `json:"value"`
	Default any `json:"default"`
	// Origin is "default", "flag" or "admin"; Source says the same for
	// people: "default", "flag --email-code-ttl", "set by a@example.com on
	// 2026-11-26 12:00 UTC".
	Origin string     `json:"origin"`
	Source string     `json:"source"`
	SetBy  string     `json:"setBy,omitempty"`
	SetAt  *time.Time `json:"setAt,omitempty"`
	// Kind, Choices, Min and Max describe the values the setting takes.
	Kind    core.SettingKind `json:"kind"`
	Choices []string         `json:"choices,omitempty"`
	Min     string           `json:"min,omitempty"`
	Max     string           `json:"max,omitempty"`
	Label   string           `json:"label"`
}

// settingsJSON is the answer of GET and PUT /api/v1/admin/settings.
type settingsJSON struct {
	Settings map[string]settingJSON `json:"settings"`
	// EnforcedSince holds, by role ("user", "admin"), when the enforcement
	// setting began to cover the role's accounts.
	EnforcedSince map[string]time.Time `json:"enforcedSince"`
	Version       int64                `json:"version"`
}

func toSettingsJSON(v *core.SettingsView) settingsJSON {
	out := settingsJSON{Settings: map[string]settingJSON{}, EnforcedSince: v.EnforcedSince, Version: v.Version}
	if out.EnforcedSince == nil {
		out.EnforcedSince = map[string]time.Time{}
	}
	for _, st := range v.Settings {
		j := settingJSON{Value: st.Value, Default: st.Default, Origin: st.Source, Source: st.SourceText(), SetBy: st.SetBy,
			Kind: st.Kind, Choices: st.Choices, Min: st.Min, Max: st.Max, Label: st.Label}
		if !st.SetAt.IsZero() {
			at := st.SetAt
			j.SetAt = &at
		}
		out.Settings[st.Name] = j
	}
	return out
}

// apiSettings shows every setting, its value in force and where it comes
// from, to an administrator.
func (s *server) apiSettings() http.Handler {
	return s.requireAPIAdmin(func(w http.ResponseWriter, r *http.Request, _ *core.Principal) {
		v, err := s.svc.Settings(r.Context())
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusOK, toSettingsJSON(v))
	})
}

// apiSettingsUpdate changes the settings named in the body, for every
// instance: a value sets one, null takes it back to its default. It is an
// administrative change (see adminAction).
func (s *server) apiSettingsUpdate() http.Handler {
	return adminAction(s, func(r *http.Request, op *core.Operator, changes *map[string]json.RawMessage) (any, error) {
		v, err := s.svc.UpdateSettings(r.Context(), *changes, op)
		if err != nil {
			return nil, err
		}
		return toSettingsJSON(v), nil
	})
}
