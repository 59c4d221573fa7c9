package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// DefaultSettingsReload is how often RunSettingsReload reads the stored
// settings, unless Deps.SettingsReloadEvery says otherwise: a change made
// on one instance is in force on every other within about this long.
const DefaultSettingsReload = 2 * time.Second

// settingsReadTimeout bounds one read of the stored settings by the
// reload loop.
const settingsReadTimeout = 5 * time.Second

// SettingsKey names the administrators' settings among the store's
// server-wide values.
const SettingsKey = "settings"

// EventSettingsChanged records a change of the settings, on the account of
// the administrator who made it; the detail lists each setting changed,
// its value before and after.
const EventSettingsChanged = "settings-changed"

// settingsLock is held (Store.HoldThrottle) by every change of the
// settings, so two changes cannot both build on the same stored version.
const settingsLock = "lock:settings"

// Sources of a setting's value.
const (
	// SourceDefault: twofa's built-in default.
	SourceDefault = "default"
	// SourceFlag: a flag of twofa serve (or its variable, or the config
	// file).
	SourceFlag = "flag"
	// SourceAdmin: an administrator set it.
	SourceAdmin = "admin"
)

// storedSettings is what the store keeps under SettingsKey: only the
// values administrators set, each with who set it and when, and when
// enforcement began to cover each role.
type storedSettings struct {
	// Version counts the changes, so that an instance never replaces a
	// newer snapshot by an older read.
	Version int64                  `json:"version"`
	Values  map[string]storedValue `json:"values,omitempty"`
	// EnforcedSince holds, by role (RoleUser, RoleAdmin), when the
	// enforcement setting began to cover accounts of that role.
	EnforcedSince map[string]time.Time `json:"enforcedSince,omitempty"`
}

// storedValue is one value an administrator set.
type storedValue struct {
	Value json.RawMessage `json:"value"`
	By    string          `json:"by"`
	At    time.Time       `json:"at"`
}

// snapshot is the settings in force: the Config the Service was built
// with, changed by the stored settings raw (nil: none stored).
type snapshot struct {
	cfg    Config
	stored storedSettings
	raw    []byte
}

// ReloadSettings reads the stored settings and puts them in force when
// they changed; it is one read of one row. RunSettingsReload calls it
// periodically; New calls it once.
func (s *Service) ReloadSettings(ctx context.Context) error {
	raw, err := readSettings(ctx, s.store)
	if err != nil {
		return err
	}
	return s.install(raw)
}

// RunSettingsReload reads the stored settings every
// Deps.SettingsReloadEvery (DefaultSettingsReload) until ctx ends or Close
// is called, so that a change made on another instance is in force here
// within that time. A failed read is logged; the settings read last stay
// in force. Start it once per process.
func (s *Service) RunSettingsReload(ctx context.Context) {
	if !s.startSender() {
		return
	}
	defer s.senders.Done()
	tick := time.NewTicker(s.reloadEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closed:
			return
		case <-tick.C:
			rctx, cancel := context.WithTimeout(ctx, settingsReadTimeout)
			err := s.ReloadSettings(rctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				s.log.Warn("settings not reloaded; the ones read last stay in force", "err", err)
			}
		}
	}
}

// readSettings returns the stored settings, nil when none are stored.
func readSettings(ctx context.Context, st Store) ([]byte, error) {
	raw, err := st.Setting(ctx, SettingsKey)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return raw, nil
}

// install puts the stored settings raw in force, unless they are what is
// in force already or older than it.
func (s *Service) install(raw []byte) error {
	cur := s.settings.Load()
	if bytes.Equal(cur.raw, raw) {
		return nil
	}
	next, err := s.snapshotOf(raw)
	if err != nil {
		return err
	}
	for cur.stored.Version <= next.stored.Version {
		if s.settings.CompareAndSwap(cur, next) {
			return nil
		}
		cur = s.settings.Load()
	}
	return nil // a newer change is in force already
}

// snapshotOf applies the stored settings raw to the Config the Service was
// built with. A value that is no longer valid (a setting twofa no longer
// has, or out of its range) is left out, and logged.
func (s *Service) snapshotOf(raw []byte) (*snapshot, error) {
	snap := &snapshot{cfg: s.base, raw: raw}
	if raw == nil {
		return snap, nil
	}
	if err := json.Unmarshal(raw, &snap.stored); err != nil {
		return nil, fmt.Errorf("the stored settings (%q) cannot be read: %w", SettingsKey, err)
	}
	for _, name := range slices.Sorted(maps.Keys(snap.stored.Values)) {
		d := settingDefNamed(name)
		if d == nil {
			s.log.Warn("stored setting unknown to this version; left out", "setting", name)
			continue
		}
		v, err := d.decode(snap.stored.Values[name].Value)
		if err != nil {
			s.log.Warn("stored setting not valid; left out", "setting", name, "err", err)
			continue
		}
		d.set(&snap.cfg, v)
	}
	return snap, nil
}

// Setting is one setting as the settings page and the API show it.
type Setting struct {
	Name  string
	Label string
	Help  string
	Kind  SettingKind
	// Choices are the values of a KindChoice, or the methods of
	// KindMethods.
	Choices []string
	// Min and Max bound a KindInt or KindDuration, as text.
	Min, Max string
	// Value is the value in force, as JSON shows it: a bool, an int, a
	// string (a duration in Go's syntax, or a choice) or a list of methods.
	Value any
	// Text is the value in force as a form shows it.
	Text string
	// Default is the value when no administrator sets one: the flag's, or
	// the built-in default.
	Default any
	// Source is SourceDefault, SourceFlag or SourceAdmin.
	Source string
	// Flag tells how the operator gave the flag, when Source is SourceFlag
	// (such as "flag --email-code-ttl").
	Flag string
	// SetBy and SetAt tell who set the value and when, when Source is
	// SourceAdmin.
	SetBy string
	SetAt time.Time
}

// SourceText says where the value comes from, for people: "default",
// "flag --email-code-ttl", "set by admin@example.com on 2026-11-26 12:00 UTC".
func (st Setting) SourceText() string {
	switch st.Source {
	case SourceAdmin:
		return "set by " + st.SetBy + " on " + st.SetAt.UTC().Format("2006-01-02 15:04 UTC")
	case SourceFlag:
		return st.Flag
	}
	return SourceDefault
}

// SettingsView is every setting and the state of enforcement.
type SettingsView struct {
	Settings []Setting
	// EnforcedSince holds, by role (RoleUser, RoleAdmin), when the
	// enforcement setting began to cover accounts of that role. A role
	// covered by the Config the Service was built with has no entry.
	EnforcedSince map[string]time.Time
	// Version counts the changes made so far.
	Version int64
}

// Settings reads the stored settings afresh (see ReloadSettings) and
// returns every setting with its value in force and its source.
func (s *Service) Settings(ctx context.Context) (*SettingsView, error) {
	if err := s.ReloadSettings(ctx); err != nil {
		return nil, err
	}
	return s.settingsView(s.settings.Load()), nil
}

func (s *Service) settingsView(snap *snapshot) *SettingsView {
	v := &SettingsView{EnforcedSince: maps.Clone(snap.stored.EnforcedSince), Version: snap.stored.Version}
	for i := range settingDefs {
		d := &settingDefs[i]
		cur := d.get(&snap.cfg)
		st := Setting{
			Name: d.name, Label: d.label, Help: d.help, Kind: d.kind, Choices: d.choices,
			Value: d.jsonValue(cur), Text: d.text(cur), Default: d.jsonValue(d.get(&s.base)), Source: SourceDefault,
		}
		switch d.kind {
		case KindInt:
			st.Min, st.Max = fmt.Sprint(d.lo), fmt.Sprint(d.hi)
		case KindDuration:
			st.Min, st.Max = shortDuration(time.Duration(d.lo)), shortDuration(time.Duration(d.hi))
		}
		if how := s.flagSources[d.flag]; d.flag != "" && how != "" {
			st.Source, st.Flag = SourceFlag, how
		}
		if sv, ok := snap.stored.Values[d.name]; ok && settingApplies(d, sv) {
			st.Source, st.SetBy, st.SetAt = SourceAdmin, sv.By, sv.At
		}
		v.Settings = append(v.Settings, st)
	}
	return v
}

// settingApplies reports whether the stored value sv of d is one that
// snapshotOf put in force.
func settingApplies(d *settingDef, sv storedValue) bool {
	_, err := d.decode(sv.Value)
	return err == nil
}

// settingChange is one setting of a change: a new value, or (reset) back
// to the value the Config gives.
type settingChange struct {
	def   *settingDef
	value any
	reset bool
}

// parseSettingChanges checks a change: each name a setting, each value of
// its type and range, or null for going back to the flag's or the
// built-in default. It returns the changes in the settings' order.
func parseSettingChanges(changes map[string]json.RawMessage) ([]settingChange, error) {
	for name := range changes {
		if settingDefNamed(name) == nil {
			known := make([]string, len(settingDefs))
			for i, d := range settingDefs {
				known[i] = d.name
			}
			return nil, badRequest(name, "is not a setting (the settings are %s)", strings.Join(known, ", "))
		}
	}
	var out []settingChange
	for i := range settingDefs {
		d := &settingDefs[i]
		raw, ok := changes[d.name]
		if !ok {
			continue
		}
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			out = append(out, settingChange{def: d, reset: true})
			continue
		}
		v, err := d.decode(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, settingChange{def: d, value: v})
	}
	return out, nil
}

// applyChanges returns the snapshot cur becomes with changes made by by at
// at, and the audit detail that lists them; an error names the setting at
// fault.
func (s *Service) applyChanges(cur *snapshot, changes []settingChange, by string, at time.Time) (*snapshot, string, error) {
	next := &snapshot{cfg: s.base, stored: storedSettings{
		Version:       cur.stored.Version + 1,
		Values:        maps.Clone(cur.stored.Values),
		EnforcedSince: maps.Clone(cur.stored.EnforcedSince),
	}}
	if next.stored.Values == nil {
		next.stored.Values = map[string]storedValue{}
	}
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.def.name] = true
		if c.reset {
			delete(next.stored.Values, c.def.name)
			continue
		}
		next.stored.Values[c.def.name] = storedValue{Value: c.def.encode(c.value), By: by, At: at}
	}
	for i := range settingDefs {
		d := &settingDefs[i]
		if sv, ok := next.stored.Values[d.name]; ok {
			v, err := d.decode(sv.Value)
			if err != nil { // stored by another version, and now invalid
				delete(next.stored.Values, d.name)
				continue
			}
			d.set(&next.cfg, v)
		}
	}
	if err := checkSettings(&next.cfg, func(name string) bool { return changed[name] }); err != nil {
		return nil, "", err
	}
	if old, now := cur.cfg.Enforcement, next.cfg.Enforcement; old != now {
		next.stored.EnforcedSince = enforcementSince(cur.stored.EnforcedSince, old, now, at)
	}
	var detail []string
	for _, c := range changes {
		d := c.def
		line := d.name + " " + d.text(d.get(&cur.cfg)) + " -> " + d.text(d.get(&next.cfg))
		if c.reset {
			line += " (default)"
		}
		detail = append(detail, line)
	}
	return next, strings.Join(detail, "; "), nil
}

// CheckSettings tells whether UpdateSettings would accept changes now,
// without making them: the settings page checks a form before it asks for
// a second factor.
func (s *Service) CheckSettings(changes map[string]json.RawMessage) error {
	parsed, err := parseSettingChanges(changes)
	if err != nil {
		return err
	}
	_, _, err = s.applyChanges(s.settings.Load(), parsed, "", s.clock())
	return err
}

// UpdateSettings changes settings, by name, for every instance: a JSON
// value sets one (checked for its type and range), null takes it back to
// the value of the flag or the built-in default. The change is checked
// whole, so it is made whole or not at all, with the audit event
// EventSettingsChanged on the operator's account, in one transaction. It
// is in force on this instance at once, on others within
// DefaultSettingsReload. It returns the settings after the change.
func (s *Service) UpdateSettings(ctx context.Context, changes map[string]json.RawMessage, op *Operator) (*SettingsView, error) {
	parsed, err := parseSettingChanges(changes)
	if err != nil {
		return nil, err
	}
	if len(parsed) == 0 {
		return s.Settings(ctx)
	}
	var raw []byte
	err = s.atomically(ctx, func(st Store) error {
		if _, err := st.HoldThrottle(ctx, settingsLock); err != nil {
			return fmt.Errorf("hold settings: %w", err)
		}
		stored, err := readSettings(ctx, st)
		if err != nil {
			return err
		}
		cur, err := s.snapshotOf(stored)
		if err != nil {
			return err
		}
		next, detail, err := s.applyChanges(cur, parsed, op.name, s.clock())
		if err != nil {
			return err
		}
		if raw, err = json.Marshal(next.stored); err != nil {
			return fmt.Errorf("encode settings: %w", err)
		}
		if err := st.ReplaceSetting(ctx, SettingsKey, raw); err != nil {
			return fmt.Errorf("store settings: %w", err)
		}
		return s.record(ctx, st, op.userID, EventSettingsChanged, op.meta, detail+" "+op.by())
	})
	if err != nil {
		return nil, err
	}
	if err := s.install(raw); err != nil {
		return nil, err
	}
	return s.settingsView(s.settings.Load()), nil
}
