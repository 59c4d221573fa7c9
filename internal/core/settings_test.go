package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/mail"
)

// change makes a settings change from the command line, given as JSON.
func (r *rig) change(body string) (*core.SettingsView, error) {
	r.t.Helper()
	var changes map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &changes); err != nil {
		r.t.Fatal(err)
	}
	return r.Svc.UpdateSettings(context.Background(), changes, core.CommandLine())
}

// mustChange is change that fails the test on an error.
func (r *rig) mustChange(body string) *core.SettingsView {
	r.t.Helper()
	v, err := r.change(body)
	if err != nil {
		r.t.Fatalf("change %s: %v", body, err)
	}
	return v
}

// settingOf returns the setting called name of v.
func settingOf(t *testing.T, v *core.SettingsView, name string) core.Setting {
	t.Helper()
	for _, s := range v.Settings {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no setting %s", name)
	return core.Setting{}
}

// storedNames lists the settings the store holds a value of.
func storedNames(t *testing.T, st core.Store) []string {
	t.Helper()
	raw, err := st.Setting(context.Background(), core.SettingsKey)
	if err != nil {
		t.Fatal(err)
	}
	var stored struct {
		Values map[string]json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(maps.Keys(stored.Values))
}

// TestSettingsStartFromFlags: every setting shows the value in force and
// where it came from: the built-in default, a flag (as the operator gave
// it), or an administrator. The store keeps only what administrators set;
// null takes a setting back to its flag's value.
func TestSettingsStartFromFlags(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	// A second instance on the same database, started with
	// --email-code-ttl 5m, as twofa serve passes it.
	cfg := core.DefaultConfig()
	cfg.EmailCodeTTL = 5 * time.Minute
	svc, err := core.New(ctx, core.Deps{Store: r.Store, Mailer: mail.NewLog(slog.New(slog.NewTextHandler(io.Discard, nil))),
		Keys: r.Keys, Hasher: r.Hasher, Clock: r.Clock.Now,
		FlagSources: map[string]string{"email-code-ttl": "flag --email-code-ttl"}}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	v, err := svc.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Settings) != 14 {
		t.Errorf("%d settings, want 14", len(v.Settings))
	}
	for _, c := range []struct {
		name, source, text string
		value              any
	}{
		{core.SettingEmailCodeTTL, "flag --email-code-ttl", "5m", "5m"},
		{core.SettingTOTPSkew, "default", "1", 1},
		{core.SettingAllowedMethods, "default", "totp,email", []string{"totp", "email"}},
		{core.SettingSignupOpen, "default", "true", true},
		{core.SettingEnforcement, "default", "off", "off"},
		{core.SettingEnforcementGrace, "default", "168h", "168h"},
		{core.SettingSecondFactorMaxLock, "default", "4h", "4h"},
	} {
		s := settingOf(t, v, c.name)
		if s.SourceText() != c.source || s.Text != c.text || !jsonEqual(s.Value, c.value) {
			t.Errorf("%s = %v (%q) from %q, want %v (%q) from %q", c.name, s.Value, s.Text, s.SourceText(), c.value, c.text, c.source)
		}
	}

	r.Clock.Advance(time.Hour)
	op := core.CommandLine()
	v, err = svc.UpdateSettings(ctx, map[string]json.RawMessage{
		core.SettingEmailCodeTTL: json.RawMessage(`"20m"`), core.SettingTOTPSkew: json.RawMessage(`2`),
	}, op)
	if err != nil {
		t.Fatal(err)
	}
	s := settingOf(t, v, core.SettingEmailCodeTTL)
	if s.Source != core.SourceAdmin || s.SetBy != "the command line" || !s.SetAt.Equal(r.Clock.Now()) || s.Default != "5m" ||
		s.SourceText() != "set by the command line on 2026-11-26 13:00 UTC" {
		t.Errorf("after the change: %+v (%s)", s, s.SourceText())
	}
	if got := svc.Config(); got.EmailCodeTTL != 20*time.Minute || got.TOTPSkew != 2 {
		t.Errorf("in force on the changing instance: ttl %s, skew %d", got.EmailCodeTTL, got.TOTPSkew)
	}
	if got := storedNames(t, r.Store); !slices.Equal(got, []string{core.SettingEmailCodeTTL, core.SettingTOTPSkew}) {
		t.Errorf("stored %v, want only what was set", got)
	}
	if e := r.lastEvent(""); e.Type != core.EventSettingsChanged || e.Detail != "totpSkew 1 -> 2; emailCodeTtl 5m -> 20m by the command line" {
		t.Errorf("audit event %s %q", e.Type, e.Detail)
	}

	v, err = svc.UpdateSettings(ctx, map[string]json.RawMessage{core.SettingEmailCodeTTL: json.RawMessage(`null`)}, op)
	if err != nil {
		t.Fatal(err)
	}
	if s := settingOf(t, v, core.SettingEmailCodeTTL); s.Text != "5m" || s.SourceText() != "flag --email-code-ttl" {
		t.Errorf("after null: %q from %q, want the flag's 5m", s.Text, s.SourceText())
	}
	if got := storedNames(t, r.Store); !slices.Equal(got, []string{core.SettingTOTPSkew}) {
		t.Errorf("stored %v after null, want [totpSkew]", got)
	}
	// The other Service, started without the flag, applies the same
	// stored change over its own defaults.
	if err := r.Svc.ReloadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.Svc.Config(); got.EmailCodeTTL != 10*time.Minute || got.TOTPSkew != 2 {
		t.Errorf("the other instance: ttl %s, skew %d; want its default 10m and the stored 2", got.EmailCodeTTL, got.TOTPSkew)
	}
}

// jsonEqual compares two values as JSON.
func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestSettingsValidation: each bad value is refused as bad-request naming
// the setting, and a change with one bad value changes nothing.
func TestSettingsValidation(t *testing.T) {
	r := newRig(t)
	for _, c := range []struct{ body, field, msg string }{
		{`{"totpSkew": 3}`, "totpSkew", "must be a whole number from 0 to 2"},
		{`{"totpSkew": -1}`, "totpSkew", "from 0 to 2"},
		{`{"totpSkew": 1.5}`, "totpSkew", "whole number"},
		{`{"totpSkew": "1"}`, "totpSkew", "whole number"},
		{`{"emailCodeTtl": "10"}`, "emailCodeTtl", "is not a duration"},
		{`{"emailCodeTtl": 600}`, "emailCodeTtl", "must be a string holding a duration"},
		{`{"emailCodeTtl": "30s"}`, "emailCodeTtl", "must be from 1m to 24h"},
		{`{"trustedDeviceTtl": "9000h"}`, "trustedDeviceTtl", "must be from 1h to 8760h"},
		{`{"stepUpFreshness": "25h"}`, "stepUpFreshness", "from 1m to 24h"},
		{`{"signupOpen": "no"}`, "signupOpen", "must be true or false"},
		{`{"email2faDefault": 1}`, "email2faDefault", "must be true or false"},
		{`{"allowedMethods": []}`, "allowedMethods", "at least one method"},
		{`{"allowedMethods": ["totp", "sms"]}`, "allowedMethods", `"sms" is not a method`},
		{`{"allowedMethods": ["totp", "totp"]}`, "allowedMethods", "twice"},
		{`{"allowedMethods": "totp"}`, "allowedMethods", "must be a list"},
		{`{"enforcement": "everyone"}`, "enforcement", `must be one of ["off" "all" "admins"]`},
		{`{"enforcementGrace": "-1h"}`, "enforcementGrace", "from 0s to 2160h"},
		{`{"secondFactorAttempts": 0}`, "secondFactorAttempts", "from 1 to 10"},
		{`{"secondFactorAttempts": 11}`, "secondFactorAttempts", "from 1 to 10"},
		{`{"secondFactorLock": "2h"}`, "secondFactorLock", "from 1m to 1h"},
		{`{"secondFactorMaxLock": "30m"}`, "secondFactorMaxLock", "from 1h to 24h"},
		{`{"loginAttempts": 101}`, "loginAttempts", "from 1 to 100"},
		{`{"loginMaxLock": "48h"}`, "loginMaxLock", "from 1m to 24h"},
		{`{"sessionTtl": "1h"}`, "sessionTtl", "is not a setting"},
		{`{"enforcement": "all", "allowedMethods": ["email"]}`, "enforcement", `needs "totp" among allowedMethods`},
		// One good value and one bad: nothing is changed.
		{`{"totpSkew": 0, "emailCodeTtl": "1s"}`, "emailCodeTtl", "must be from"},
	} {
		_, err := r.change(c.body)
		e, ok := core.AsError(err)
		if !ok || e.Code != core.CodeBadRequest || e.Field != c.field || !strings.Contains(e.Message, c.msg) {
			t.Errorf("%s: %v, want bad-request on %s saying %q", c.body, err, c.field, c.msg)
			continue
		}
		if err := r.Svc.CheckSettings(mustRaw(t, c.body)); err == nil || err.Error() != e.Error() {
			t.Errorf("CheckSettings(%s) = %v, want the same error as UpdateSettings", c.body, err)
		}
	}
	if got := r.Svc.Config(); got != core.DefaultConfig() {
		t.Errorf("refused changes changed the settings: %+v", got)
	}
	if _, err := r.Store.Setting(context.Background(), core.SettingsKey); err == nil {
		t.Error("refused changes stored settings")
	}
	// With email off the list, enforcement is fine; taking TOTP off the
	// list while enforcement is on is refused, naming the list.
	r.mustChange(`{"enforcement": "admins", "allowedMethods": ["totp"]}`)
	_, err := r.change(`{"allowedMethods": ["email"]}`)
	if e, ok := core.AsError(err); !ok || e.Field != "allowedMethods" || !strings.Contains(e.Message, `must include "totp" while enforcement is "admins"`) {
		t.Errorf("taking TOTP off under enforcement: %v", err)
	}
}

func mustRaw(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSettingsTakeEffect: changed settings are what the service does at
// once: sign-up closed, the TOTP drift window, the email code lifetime,
// guessing limits, and the methods accounts may turn on.
func TestSettingsTakeEffect(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.signUp("early@example.com")
	p := r.session("early@example.com")
	sec, _ := r.enableTOTP(p)

	r.mustChange(`{"signupOpen": false}`)
	if _, err := r.Svc.SignUp(ctx, core.SignUpInput{Email: "late@example.com", Password: pw, Name: "Late"}, r.meta); errCode(err) != core.CodeSignupClosed {
		t.Fatalf("sign-up while closed: %v, want %s", err, core.CodeSignupClosed)
	}
	r.newAdmin("made@example.com") // the command line still makes accounts
	r.mustChange(`{"signupOpen": true}`)

	// Drift: a code two steps old passes with totpSkew 2, and not with 1.
	totpLogin := func(at time.Time) error {
		ch := r.login("early@example.com")
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, at)}, r.meta)
		return err
	}
	r.Clock.Advance(5 * time.Minute)
	if err := totpLogin(r.Clock.Now().Add(-60 * time.Second)); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("a code 2 steps old with the default drift of 1: %v", err)
	}
	r.mustChange(`{"totpSkew": 2}`)
	if err := totpLogin(r.Clock.Now().Add(-60 * time.Second)); err != nil {
		t.Fatalf("a code 2 steps old with drift 2: %v", err)
	}
	r.mustChange(`{"totpSkew": 0}`)
	r.Clock.Advance(5 * time.Minute)
	if err := totpLogin(r.Clock.Now().Add(-30 * time.Second)); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("a code 1 step old with drift 0: %v", err)
	}
	if err := totpLogin(r.Clock.Now()); err != nil {
		t.Fatalf("the current code with drift 0: %v", err)
	}

	// Email code lifetime.
	r.mustChange(`{"emailCodeTtl": "2m"}`)
	r.signUp("mail@example.com")
	ch := r.login("mail@example.com")
	code := r.MailedCode("mail@example.com")
	r.Clock.Advance(2*time.Minute + time.Second)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("a mailed code past the 2m lifetime: %v", err)
	}

	// Guessing limit: 2 wrong codes lock the unknown devices.
	r.mustChange(`{"secondFactorAttempts": 2}`)
	ch = r.login("early@example.com")
	wrong := coretest.WrongTOTP(t, sec, r.Clock.Now())
	for i := range 2 {
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: wrong}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	if _, err := r.Svc.Login(ctx, core.LoginInput{Email: "early@example.com", Password: pw}, r.meta); errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("login after 2 wrong codes with secondFactorAttempts 2: %v", err)
	}
}

// TestSettingsAllowedMethods: a method taken off the list cannot be turned
// on, and an account that has it keeps it only while it has no other, so
// no account is left without a way in.
func TestSettingsAllowedMethods(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.signUp("both@example.com")
	token, both := r.signIn("both@example.com")
	r.enableTOTP(both) // TOTP and email codes
	both = r.authenticate(token)
	r.signUp("email@example.com")
	emailOnly := r.session("email@example.com")

	r.mustChange(`{"allowedMethods": ["totp"]}`)
	if methods, _, _ := r.Svc.ProofMethods(ctx, both); !slices.Equal(methods, []string{core.MethodTOTP, core.MethodRecovery}) {
		t.Errorf("an account with TOTP and email codes is offered %v, want TOTP and recovery codes", methods)
	}
	if methods, _, _ := r.Svc.ProofMethods(ctx, emailOnly); !slices.Equal(methods, []string{core.MethodEmail}) {
		t.Errorf("an account with only email codes is offered %v, want email still", methods)
	}
	ch := r.login("both@example.com")
	if slices.Contains(ch.Methods, core.MethodEmail) || ch.CodeSent {
		t.Errorf("login of the account with TOTP offers %v (code sent %v)", ch.Methods, ch.CodeSent)
	}
	if _, err := r.Svc.SendLoginEmailCode(ctx, ch.Token, r.meta); errCode(err) != core.CodeMethodUnavailable {
		t.Errorf("asking for a login email code anyway: %v", err)
	}
	r.sessionToken("email@example.com") // the email-only account still logs in by email

	u := r.signUp("new@example.com")
	if u.Email2FA {
		t.Error("a new account got email codes although they are not allowed")
	}
	p := r.session2("new@example.com")
	if err := r.Svc.EnableEmail2FA(ctx, p, r.meta); errCode(err) != core.CodeMethodDisallowed {
		t.Errorf("turning email codes on: %v, want %s", err, core.CodeMethodDisallowed)
	}

	r.mustChange(`{"allowedMethods": ["email"]}`)
	if _, err := r.Svc.BeginTOTPSetup(ctx, emailOnly, r.proof(emailOnly), r.meta); errCode(err) != core.CodeMethodDisallowed {
		t.Errorf("setting up an app while apps are not allowed: %v, want %s", err, core.CodeMethodDisallowed)
	}
	if methods, _, _ := r.Svc.ProofMethods(ctx, both); !slices.Equal(methods, []string{core.MethodEmail, core.MethodRecovery}) {
		t.Errorf("with apps disallowed, the account with both is offered %v", methods)
	}
}

// signIn signs in with the mailed code and returns the token and its
// principal.
func (r *rig) signIn(email string) (string, *core.Principal) {
	r.t.Helper()
	token := r.sessionToken(email)
	return token, r.authenticate(token)
}

// authenticate reads the session of token afresh.
func (r *rig) authenticate(token string) *core.Principal {
	r.t.Helper()
	p, err := r.Svc.Authenticate(context.Background(), token)
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

// session2 signs in an account without a second factor (password only).
func (r *rig) session2(email string) *core.Principal {
	r.t.Helper()
	ctx := context.Background()
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: email, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		r.t.Fatalf("password-only login: %v %+v", err, res)
	}
	p, err := r.Svc.Authenticate(ctx, res.Session.Token)
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

// TestEnrollmentDecisions: who must set up an authenticator app, by when,
// under each enforcement scope, by the injected clock.
func TestEnrollmentDecisions(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	user := r.signUp("user@example.com")
	admin := r.newAdmin("admin@example.com")
	withApp := r.signUp("app@example.com")
	r.enableTOTP(r.session("app@example.com"))
	if withApp, _ = r.Svc.User(ctx, withApp.ID); !withApp.TOTPEnabled() {
		t.Fatal("no TOTP")
	}
	state := func(u *core.User) core.Enrollment {
		t.Helper()
		fresh, err := r.Svc.User(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r.Svc.EnrollmentState(fresh)
	}
	for _, u := range []*core.User{user, admin, withApp} {
		if e := state(u); e.Required {
			t.Fatalf("%s required with enforcement off: %+v", u.Email, e)
		}
	}

	r.Clock.Advance(24 * time.Hour)
	on := r.Clock.Now()
	v := r.mustChange(`{"enforcement": "admins", "enforcementGrace": "72h"}`)
	if !v.EnforcedSince[core.RoleAdmin].Equal(on) || !v.EnforcedSince[core.RoleUser].IsZero() {
		t.Errorf("enforced since %v", v.EnforcedSince)
	}
	if e := state(user); e.Required {
		t.Errorf("a user under admins-only enforcement: %+v", e)
	}
	if e := state(admin); !e.Required || e.Restricted || !e.Deadline.Equal(on.Add(72*time.Hour)) || e.GraceLeft != 72*time.Hour {
		t.Errorf("an admin at the start of the grace: %+v", e)
	}

	// Widening to every account: users start now, admins keep their start.
	r.Clock.Advance(48 * time.Hour)
	wide := r.Clock.Now()
	r.mustChange(`{"enforcement": "all"}`)
	if e := state(admin); !e.Deadline.Equal(on.Add(72*time.Hour)) || e.GraceLeft != 24*time.Hour {
		t.Errorf("the admin's deadline moved when enforcement widened: %+v", e)
	}
	if e := state(user); !e.Required || !e.Deadline.Equal(wide.Add(72*time.Hour)) {
		t.Errorf("a user when enforcement widens: %+v", e)
	}
	if e := state(withApp); e.Required || e.Restricted {
		t.Errorf("an account with TOTP: %+v", e)
	}
	// An account made later has the grace from its own sign-up.
	r.Clock.Advance(48 * time.Hour)
	late := r.signUp("late@example.com")
	if e := state(late); !e.Deadline.Equal(r.Clock.Now().Add(72*time.Hour)) || e.Restricted {
		t.Errorf("an account made under enforcement: %+v", e)
	}
	// Past the deadlines.
	if e := state(admin); !e.Restricted || e.GraceLeft != 0 {
		t.Errorf("the admin past the deadline: %+v", e)
	}
	r.Clock.Advance(24*time.Hour - time.Second)
	if e := state(user); e.Restricted || e.GraceLeft != time.Second {
		t.Errorf("the user a second before the deadline: %+v", e)
	}
	r.Clock.Advance(time.Second)
	if e := state(user); !e.Restricted {
		t.Errorf("the user at the deadline: %+v", e)
	}
	// A longer grace gives time back; setting up an app ends the
	// requirement.
	r.mustChange(`{"enforcementGrace": "720h"}`)
	if e := state(user); e.Restricted || !e.Required {
		t.Errorf("after a longer grace: %+v", e)
	}
	r.mustChange(`{"enforcementGrace": "0s"}`)
	if e := state(late); !e.Restricted {
		t.Errorf("no grace: %+v", e)
	}
	r.enableTOTP(r.session("late@example.com"))
	if e := state(late); e.Required || e.Restricted {
		t.Errorf("after setting up an app: %+v", e)
	}
	// Off forgets the starts; on again starts afresh.
	r.mustChange(`{"enforcement": "off"}`)
	if e := state(user); e.Required {
		t.Errorf("enforcement off: %+v", e)
	}
	v = r.mustChange(`{"enforcement": "all", "enforcementGrace": "24h"}`)
	if !v.EnforcedSince[core.RoleUser].Equal(r.Clock.Now()) || !v.EnforcedSince[core.RoleAdmin].Equal(r.Clock.Now()) {
		t.Errorf("enforced since after off and on: %v", v.EnforcedSince)
	}
	if e := state(admin); e.Restricted || !e.Deadline.Equal(r.Clock.Now().Add(24*time.Hour)) {
		t.Errorf("the admin after off and on: %+v", e)
	}
}

// TestSettingsChangeIsAtomic: a change whose audit event cannot be stored
// is not made: the stored settings and those in force stay as they were.
func TestSettingsChangeIsAtomic(t *testing.T) {
	fault := &faultStore{}
	r := newRigWith(t, func(st core.Store) core.Store { fault.Store = st; return fault })
	fault.failAt = 1 // the first counted write: the audit event, after the settings row
	_, err := r.change(`{"totpSkew": 2, "signupOpen": false}`)
	if err == nil || !strings.Contains(err.Error(), errInjected.Error()) {
		t.Fatalf("change with the event failing: %v", err)
	}
	if _, err := r.Store.Setting(context.Background(), core.SettingsKey); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("the settings row outlived the failed change: %v", err)
	}
	if err := r.Svc.ReloadSettings(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.Svc.Config(); got.TOTPSkew != 1 || got.SignupClosed {
		t.Errorf("in force after the failed change: skew %d, sign-up closed %v", got.TOTPSkew, got.SignupClosed)
	}
	fault.failAt = 0
	r.mustChange(`{"totpSkew": 2, "signupOpen": false}`)
	if got := r.Svc.Config(); got.TOTPSkew != 2 || !got.SignupClosed {
		t.Errorf("after the change went through: skew %d, sign-up closed %v", got.TOTPSkew, got.SignupClosed)
	}
}

// TestSettingsAcrossInstances: a setting changed on one instance is in
// force on a second one on the same PostgreSQL database within the reload
// interval (its reload loop runs as in twofa serve); changes made at once
// on both instances are all kept.
func TestSettingsAcrossInstances(t *testing.T) {
	r := &rig{Rig: coretest.NewPostgres(t, nil), t: t, meta: core.ClientMeta{IP: "192.0.2.1"}}
	twin := &rig{Rig: r.Twin(t), t: t, meta: r.meta}
	u := r.signUp("far@example.com")
	r.mustChange(`{"enforcement": "all", "enforcementGrace": "0s", "totpSkew": 0}`)
	waitFor(t, "the second instance to see enforcement", func() bool {
		return twin.Svc.Config().Enforcement == core.EnforceAll && twin.Svc.EnrollmentState(u).Restricted
	})
	if got := twin.Svc.Config().TOTPSkew; got != 0 {
		t.Errorf("the second instance's drift window: %d", got)
	}

	// Concurrent changes of different settings on both instances.
	var wg sync.WaitGroup
	for i, body := range []string{`{"totpSkew": 2}`, `{"signupOpen": false}`, `{"loginAttempts": 7}`, `{"emailCodeTtl": "3m"}`} {
		in := []*rig{r, twin}[i%2]
		wg.Go(func() {
			var changes map[string]json.RawMessage
			_ = json.Unmarshal([]byte(body), &changes)
			if _, err := in.Svc.UpdateSettings(context.Background(), changes, core.CommandLine()); err != nil {
				t.Errorf("%s: %v", body, err)
			}
		})
	}
	wg.Wait()
	for _, in := range []*rig{r, twin} {
		waitFor(t, "every change in force", func() bool {
			c := in.Svc.Config()
			return c.TOTPSkew == 2 && c.SignupClosed && c.LoginLimit.Free == 7 && c.EmailCodeTTL == 3*time.Minute
		})
	}
}

// waitFor polls ok until it holds, failing the test after 15 seconds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEnrollmentStopsAppSignIn: past its grace period, an account signs in
// to no app: the sign-in asks it to set up an authenticator app (or, with
// prompt=none, fails), and its consent is not recorded; once it has one,
// the sign-in goes through.
func TestEnrollmentStopsAppSignIn(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.signUp("app-user@example.com")
	token, p := r.signIn("app-user@example.com")
	c := r.appClient()
	r.mustChange(`{"enforcement": "all", "enforcementGrace": "0s"}`)
	start := func(prompt ...string) string {
		req, err := r.Svc.StartOIDCRequest(ctx, &core.OIDCAuthRequest{
			ClientID: c.ID, RedirectURI: "https://app.example.com/cb", Scopes: []string{"openid"}, Prompt: prompt,
			ResponseType: "code", MaxAge: -1, CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", CodeChallengeMethod: "S256",
		})
		if err != nil {
			t.Fatal(err)
		}
		return req.ID
	}
	id := start()
	if step, err := r.Svc.ContinueOIDC(ctx, id, p); err != nil || step.Kind != core.OIDCNeedEnrol {
		t.Fatalf("continue: %+v %v, want the enrolment step", step, err)
	}
	if step, err := r.Svc.ConsentOIDC(ctx, id, p, true, r.meta); err != nil || step.Kind != core.OIDCNeedEnrol {
		t.Fatalf("consent: %+v %v, want the enrolment step", step, err)
	}
	if apps, _ := r.Svc.OIDCApps(ctx, p); len(apps) != 0 {
		t.Errorf("a restricted account's consent was recorded: %v", apps)
	}
	if step, err := r.Svc.ContinueOIDC(ctx, start("none"), p); err != nil || step.Kind != core.OIDCRefused || step.Err.OAuthCode != core.OAuthInteractionRequired {
		t.Fatalf("prompt=none: %+v %v, want interaction_required", step, err)
	}
	r.enableTOTP(p)
	r.appGrant(r.authenticate(token), c.ID, "code-after-enrolment")
}

// TestSettingsGuessingBound: a change of the second-factor limit or the
// drift window that would let a stranger guess a TOTP code within 30 days
// with a chance of 1 in 1,000 or more is refused, naming the setting; the
// defaults (191 guesses, 3 right codes) and the widest drift with them
// (5 right codes) stay under it.
func TestSettingsGuessingBound(t *testing.T) {
	r := newRig(t)
	if got := r.Svc.Config().SecondFactorLimit.MaxAttempts(core.GuessWindow); got != 191 {
		t.Errorf("default bound %d, want 191", got)
	}
	refused := func(body, field string) {
		t.Helper()
		_, err := r.change(body)
		if e, ok := core.AsError(err); !ok || e.Field != field || !strings.Contains(e.Message, "over the 1 in 1000") {
			t.Errorf("%s: %v, want refused on %s", body, err, field)
		}
	}
	refused(`{"secondFactorMaxLock": "1h"}`, "secondFactorMaxLock")
	r.mustChange(`{"secondFactorMaxLock": "3h"}`) // about 250 guesses x 3 codes
	refused(`{"totpSkew": 2}`, "totpSkew")        // x 5 codes
	r.mustChange(`{"secondFactorMaxLock": null}`)
	r.mustChange(`{"totpSkew": 2}`) // 191 guesses x 5 codes = 955 in 10^6
	r.mustChange(`{"secondFactorMaxLock": "24h", "secondFactorAttempts": 10, "secondFactorLock": "1h"}`)
	got := r.Svc.Config().SecondFactorLimit
	if n := got.MaxAttempts(core.GuessWindow); n*5 >= 1_000_000/core.MaxGuessOdds || got.Decay != 0 {
		t.Errorf("%+v gives %d guesses", got, n)
	}
}
