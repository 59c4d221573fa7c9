package core_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// errInjected is the failure faultStore injects.
var errInjected = errors.New("injected failure")

// faultStore fails the failAt-th write made inside a transaction (counting
// from 1; 0 fails none), before the write reaches the database, as a crash
// or a lost connection half-way through a change would.
type faultStore struct {
	core.Store
	failAt, writes int
}

func (f *faultStore) InTx(ctx context.Context, fn func(core.Store) error) error {
	return f.Store.InTx(ctx, func(tx core.Store) error {
		return fn(&faultTx{Store: tx, f: f})
	})
}

// faultTx is the faultStore's view of one transaction: every write that a
// multi-row security change makes goes through hit first.
type faultTx struct {
	core.Store
	f *faultStore
}

func (t *faultTx) InTx(ctx context.Context, fn func(core.Store) error) error { return fn(t) }

func (t *faultTx) hit() error {
	t.f.writes++
	if t.f.writes == t.f.failAt {
		return errInjected
	}
	return nil
}

func (t *faultTx) SetPassword(ctx context.Context, id, hash string, at time.Time) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.SetPassword(ctx, id, hash, at)
}
func (t *faultTx) SetEmail(ctx context.Context, id, email string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.SetEmail(ctx, id, email)
}
func (t *faultTx) SetEmail2FA(ctx context.Context, id string, on bool) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.SetEmail2FA(ctx, id, on)
}
func (t *faultTx) EnableTOTP(ctx context.Context, id string, pending, active []byte, step int64, hashes [][]byte, at time.Time) (bool, error) {
	if err := t.hit(); err != nil {
		return false, err
	}
	return t.Store.EnableTOTP(ctx, id, pending, active, step, hashes, at)
}
func (t *faultTx) SetDisabled(ctx context.Context, id string, at time.Time) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.SetDisabled(ctx, id, at)
}
func (t *faultTx) SetRole(ctx context.Context, id, role string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.SetRole(ctx, id, role)
}
func (t *faultTx) DisableTOTP(ctx context.Context, id string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.DisableTOTP(ctx, id)
}
func (t *faultTx) ReplaceRecoveryCodes(ctx context.Context, id string, hashes [][]byte, at time.Time) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.ReplaceRecoveryCodes(ctx, id, hashes, at)
}
func (t *faultTx) DeleteUserSessions(ctx context.Context, id, keep string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.DeleteUserSessions(ctx, id, keep)
}
func (t *faultTx) DeleteUserSession(ctx context.Context, userID, id string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.DeleteUserSession(ctx, userID, id)
}
func (t *faultTx) DeleteTrustedDevices(ctx context.Context, id string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.DeleteTrustedDevices(ctx, id)
}
func (t *faultTx) DeleteUserChallenges(ctx context.Context, id string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.DeleteUserChallenges(ctx, id)
}
func (t *faultTx) DeleteUserEmailCodes(ctx context.Context, id string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.DeleteUserEmailCodes(ctx, id)
}
func (t *faultTx) CreateEmailUndo(ctx context.Context, u *core.EmailUndo) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.CreateEmailUndo(ctx, u)
}
func (t *faultTx) UseEmailUndo(ctx context.Context, hash string, at time.Time) (*core.EmailUndo, error) {
	if err := t.hit(); err != nil {
		return nil, err
	}
	return t.Store.UseEmailUndo(ctx, hash, at)
}
func (t *faultTx) CloseEmailUndos(ctx context.Context, id string, from, at time.Time) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.CloseEmailUndos(ctx, id, from, at)
}
func (t *faultTx) AddEvent(ctx context.Context, e *core.Event) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.AddEvent(ctx, e)
}

// snapshot is the security state of one account that a change may touch,
// read straight from the store.
type snapshot struct {
	User          core.User
	Sessions      []bool // whether each session of the scenario still works
	Devices       int
	RecoveryLeft  int
	Events        []string
	ChallengeLive bool
	UndoOpen      bool
	Email         string
}

// atomicScenario is one multi-write change, set up on a fresh rig: run
// makes the change once (it is called again after each injected failure,
// so it must be repeatable when nothing changed).
type atomicScenario struct {
	name  string
	setup func(r *rig) (run func() error, sessions []string, challenge string)
}

// TestSecurityChangesAreAtomic injects a failure at every write of every
// multi-write security change in turn, and checks that each failure leaves
// the account exactly as it was; then the change goes through whole.
func TestSecurityChangesAreAtomic(t *testing.T) {
	const who, next = "atomic@example.com", "atomic@new.example"
	ctx := context.Background()
	// withTOTP signs who in, enables TOTP, opens a second session on a
	// trusted device and a pending login challenge, so that every change
	// below has something to end.
	withTOTP := func(r *rig) (p *core.Principal, sec string, sessions []string, challenge string) {
		r.signUp(who)
		token := r.sessionToken(who)
		p, err := r.Svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		sec, _ = r.enableTOTP(p)
		r.Clock.Advance(30 * time.Second)
		ch := r.login(who)
		other, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP,
			Code: coretest.TOTPCode(t, sec, r.Clock.Now()), RememberDevice: true}, r.meta)
		if err != nil {
			t.Fatal(err)
		}
		open := r.login(who)
		if p, err = r.Svc.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
		return p, sec, []string{token, other.Token}, open.Token
	}
	// totpProof gives a fresh TOTP proof: each one uses up its time step,
	// so the clock moves on first.
	totpProof := func(r *rig, sec string) core.Proof {
		r.Clock.Advance(30 * time.Second)
		return core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}
	}
	scenarios := []atomicScenario{
		{"ChangePassword", func(r *rig) (func() error, []string, string) {
			p, _, sessions, ch := withTOTP(r)
			return func() error {
				return r.Svc.ChangePassword(ctx, p, pw, "a brand new passphrase", core.Proof{}, r.meta)
			}, sessions, ch
		}},
		{"DisableTOTP", func(r *rig) (func() error, []string, string) {
			p, sec, sessions, ch := withTOTP(r)
			return func() error { return r.Svc.DisableTOTP(ctx, p, totpProof(r, sec), r.meta) }, sessions, ch
		}},
		{"DisableEmail2FA", func(r *rig) (func() error, []string, string) {
			p, sec, sessions, ch := withTOTP(r)
			return func() error { return r.Svc.DisableEmail2FA(ctx, p, totpProof(r, sec), r.meta) }, sessions, ch
		}},
		{"RegenerateRecoveryCodes", func(r *rig) (func() error, []string, string) {
			p, sec, sessions, ch := withTOTP(r)
			return func() error {
				_, err := r.Svc.RegenerateRecoveryCodes(ctx, p, totpProof(r, sec), r.meta)
				return err
			}, sessions, ch
		}},
		{"EndSession", func(r *rig) (func() error, []string, string) {
			p, _, sessions, ch := withTOTP(r)
			other, err := r.Svc.Authenticate(ctx, sessions[1])
			if err != nil {
				t.Fatal(err)
			}
			return func() error { return r.Svc.EndSession(ctx, p, other.Session.ID, r.meta) }, sessions, ch
		}},
		{"EndOtherSessions", func(r *rig) (func() error, []string, string) {
			p, _, sessions, ch := withTOTP(r)
			return func() error { return r.Svc.EndOtherSessions(ctx, p, r.meta) }, sessions, ch
		}},
		{"AdminResetTwoFactor", func(r *rig) (func() error, []string, string) {
			p, _, sessions, ch := withTOTP(r)
			return func() error { return r.Svc.ResetTwoFactor(ctx, p.User.ID, core.CommandLine()) }, sessions, ch
		}},
		{"AdminDisable", func(r *rig) (func() error, []string, string) {
			p, _, sessions, ch := withTOTP(r)
			return func() error { return r.Svc.SetDisabled(ctx, p.User.ID, true, core.CommandLine()) }, sessions, ch
		}},
		{"AdminEndSessions", func(r *rig) (func() error, []string, string) {
			p, _, sessions, ch := withTOTP(r)
			return func() error { return r.Svc.EndUserSessions(ctx, p.User.ID, core.CommandLine()) }, sessions, ch
		}},
		{"ConfirmTOTP", func(r *rig) (func() error, []string, string) {
			r.signUp(who)
			token := r.sessionToken(who)
			p, err := r.Svc.Authenticate(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			setup, err := r.Svc.BeginTOTPSetup(ctx, p, r.proof(p), r.meta)
			if err != nil {
				t.Fatal(err)
			}
			return func() error {
				_, err := r.Svc.ConfirmTOTP(ctx, p, coretest.TOTPCode(t, setup.Secret, r.Clock.Now()), r.meta)
				return err
			}, []string{token}, ""
		}},
		{"ConfirmEmailChange", func(r *rig) (func() error, []string, string) {
			p, sec, sessions, ch := withTOTP(r)
			return func() error {
				// Each try needs a new code: a code is used up by the check
				// that comes before the change.
				if _, err := r.Svc.RequestEmailChange(ctx, p, next, totpProof(r, sec), r.meta); err != nil {
					return err
				}
				return r.Svc.ConfirmEmailChange(ctx, p, next, r.MailedCode(next), r.meta)
			}, sessions, ch
		}},
		{"UndoEmailChange", func(r *rig) (func() error, []string, string) {
			p, sec, sessions, ch := withTOTP(r)
			if _, err := r.Svc.RequestEmailChange(ctx, p, next, totpProof(r, sec), r.meta); err != nil {
				t.Fatal(err)
			}
			if err := r.Svc.ConfirmEmailChange(ctx, p, next, r.MailedCode(next), r.meta); err != nil {
				t.Fatal(err)
			}
			m := r.WaitMail(who, regexp.MustCompile("email address was changed"))
			token := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(m.Text)
			if token == nil {
				t.Fatalf("no undo link in %q", m.Text)
			}
			// The change ended the other session and the open login; the
			// undo has the changer's session to end.
			_ = ch
			return func() error {
				_, err := r.Svc.UndoEmailChange(ctx, token[1], r.meta)
				return err
			}, sessions[:1], ""
		}},
	}
	for _, b := range backends {
		for _, sc := range scenarios {
			t.Run(b.name+"/"+sc.name, func(t *testing.T) {
				fs := &faultStore{}
				r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"},
					Rig: b.new(t, func(s core.Store) core.Store { fs.Store = s; return fs }, func(c *core.Config) {
						c.MailUserLimit.Free = 100
					})}
				runAtomic(t, r, fs, sc, who, next)
			})
		}
	}
}

// runAtomic sets the scenario up on r, then runs it with a failure at its
// first write, its second, and so on, until it goes through.
func runAtomic(t *testing.T, r *rig, fs *faultStore, sc atomicScenario, who, next string) {
	run, sessions, challenge := sc.setup(r)
	userID := accountOf(t, r, who, next).ID
	take := func() snapshot { return takeSnapshot(t, r, userID, sessions, challenge) }
	for failAt := 1; failAt <= 20; failAt++ {
		before := take()
		fs.failAt, fs.writes = failAt, 0
		err := run()
		if !errors.Is(err, errInjected) {
			if err != nil {
				t.Fatalf("with a failure at write %d: %v", failAt, err)
			}
			if failAt == 1 {
				t.Fatal("the change made no write in a transaction")
			}
			if reflect.DeepEqual(before, take()) {
				t.Fatal("the change went through and changed nothing")
			}
			t.Logf("%d writes in one transaction", failAt-1)
			return
		}
		if diff := snapshotDiff(before, take()); diff != "" {
			t.Fatalf("a failure at write %d of %d left a half-done change: %s", failAt, fs.writes, diff)
		}
	}
	t.Fatal("the change never went through")
}

// accountOf finds the account under either address.
func accountOf(t *testing.T, r *rig, emails ...string) *core.User {
	t.Helper()
	for _, e := range emails {
		if u, err := r.Store.UserByEmail(context.Background(), e); err == nil {
			return u
		}
	}
	t.Fatalf("no account under %v", emails)
	return nil
}

func takeSnapshot(t *testing.T, r *rig, userID string, sessions []string, challenge string) snapshot {
	t.Helper()
	ctx := context.Background()
	st := r.Store
	u, err := st.UserByID(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	snap := snapshot{User: *u, Email: u.Email}
	// The last used TOTP step and the offsets recorded with it move with
	// every proof, which is checked (and used up) before the change,
	// outside its transaction.
	snap.User.TOTPLastStep = 0
	snap.User.TOTPDrift = core.TOTPDrift{}
	for _, tok := range sessions {
		_, err := r.Svc.Authenticate(ctx, tok)
		snap.Sessions = append(snap.Sessions, err == nil)
	}
	ds, err := st.TrustedDevices(ctx, userID, r.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	snap.Devices = len(ds)
	if snap.RecoveryLeft, err = st.RecoveryCodesLeft(ctx, userID); err != nil {
		t.Fatal(err)
	}
	evs, err := st.Events(ctx, userID, core.EventCursor{}, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		// Failed and locked proofs are recorded apart from the change.
		if !slices.Contains([]string{core.EventSecondFactorFailed, core.EventAccountLocked}, e.Type) {
			snap.Events = append(snap.Events, e.Type+" "+e.Detail)
		}
	}
	if challenge != "" {
		c, err := st.ChallengeByHash(ctx, tokenHash(challenge))
		snap.ChallengeLive = err == nil && c.UsedAt.IsZero()
	}
	if snap.UndoOpen, err = st.EmailUndoOpen(ctx, userID, r.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	return snap
}

// tokenHash is how the store keys a bearer token: its SHA-256 in hex.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func snapshotDiff(a, b snapshot) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var out string
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out += fmt.Sprintf("\n  %s: %v -> %v", va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
	return out
}

// The writes of a login's second step.
func (t *faultTx) UseTOTPStepDrift(ctx context.Context, id string, step int64, seen string, next core.TOTPDrift) (bool, error) {
	if err := t.hit(); err != nil {
		return false, err
	}
	return t.Store.UseTOTPStepDrift(ctx, id, step, seen, next)
}
func (t *faultTx) ConsumeChallenge(ctx context.Context, hash string, at time.Time) (bool, error) {
	if err := t.hit(); err != nil {
		return false, err
	}
	return t.Store.ConsumeChallenge(ctx, hash, at)
}
func (t *faultTx) CreateSession(ctx context.Context, s *core.Session) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.CreateSession(ctx, s)
}
func (t *faultTx) CreateTrustedDevice(ctx context.Context, d *core.TrustedDevice) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.CreateTrustedDevice(ctx, d)
}
func (t *faultTx) SwapThrottle(ctx context.Context, old, next core.Throttle) (bool, error) {
	if err := t.hit(); err != nil {
		return false, err
	}
	return t.Store.SwapThrottle(ctx, old, next)
}
func (t *faultTx) ResetThrottle(ctx context.Context, key string) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.ResetThrottle(ctx, key)
}
