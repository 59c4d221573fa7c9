package core_test

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

// fullAccount is an account with a row in every table that names an
// account, and a record under each kind of limit key, made by
// newFullAccount.
type fullAccount struct {
	p         *core.Principal
	token     string // p's session token
	old, addr string // the address before and after an email change
	sec       string // the TOTP secret
	challenge string // the token of an open login
	access    string // an app's access token id
	refresh   string // and its refresh token
}

// newFullAccount signs old up and gives the account a known device (from
// its first login, by email code), an authenticator app and recovery
// codes, an email change to addr (so an undo link), a second session
// from the known device that trusted the device, an open login from an
// unknown device with a wrong code, an app's grant with tokens and
// consent, and a wrong current password in p's session.
func newFullAccount(r *rig, old, addr string) fullAccount {
	r.t.Helper()
	ctx := context.Background()
	t := r.t
	r.signUp(old)
	token, known := r.sessionKnown(old, "")
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	a := fullAccount{token: token, old: old, addr: addr}
	a.sec, _ = r.enableTOTP(p)
	if a.p, err = r.Svc.Authenticate(ctx, token); err != nil { // with TOTP on
		t.Fatal(err)
	}
	p = a.p
	if _, err := r.Svc.RequestEmailChange(ctx, p, addr, a.totp(r), r.meta); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, addr, r.MailedCode(addr), r.meta); err != nil {
		t.Fatal(err)
	}
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: addr, Password: pw, KnownDevice: known}, r.meta)
	if err != nil {
		t.Fatal(err)
	}
	proof := a.totp(r)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: proof.Method, Code: proof.Code,
		RememberDevice: true}, r.meta); err != nil {
		t.Fatal(err)
	}
	a.challenge = r.login(addr).Token
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: a.challenge, Method: core.MethodRecovery, Code: "aaaaa-aaaaa"},
		r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("a wrong recovery code at login: %v", err)
	}
	grant := r.appGrant(p, r.appClient().ID, "code-of-"+old)
	at, refresh, err := r.Svc.IssueOIDCTokens(ctx, grant.GrantOf(), "")
	if err != nil {
		t.Fatal(err)
	}
	a.access, a.refresh = at.ID, refresh
	if err := r.Svc.DeleteAccount(ctx, p, "not the password!", a.totp(r), r.meta); errCode(err) != core.CodeWrongPassword {
		t.Fatalf("deletion with a wrong password: %v", err)
	}
	return a
}

// totp gives a fresh TOTP proof: each one uses up its time step, so the
// clock moves on first.
func (a fullAccount) totp(r *rig) core.Proof {
	r.Clock.Advance(30 * time.Second)
	return core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(r.t, a.sec, r.Clock.Now())}
}

// wantFootprint fails the test unless the account's footprint has a part
// of every kind.
func wantFootprint(t *testing.T, f coretest.Footprint, userID string) {
	t.Helper()
	if !f.User || len(f.Sessions) < 2 || len(f.TrustedDevices) == 0 || len(f.KnownDevices) == 0 || f.RecoveryCodes == 0 ||
		len(f.Events) == 0 || !f.UndoOpen || len(f.Consents) == 0 {
		t.Fatalf("the account lacks a part before its deletion: %+v", f)
	}
	for _, k := range []string{"2fa-session:", "2fa:" + userID + ":unknown", "mail-user:" + userID + ":unknown", "mail-sessions:" + userID} {
		if !slices.ContainsFunc(f.Throttles, func(key string) bool { return strings.HasPrefix(key, k) }) {
			t.Fatalf("the account has no limit record %s… before its deletion: %v", k, f.Throttles)
		}
	}
}

// deletionEvent fails the test unless the only event left of the account
// is its deletion, with detail and the client of meta.
func deletionEvent(t *testing.T, f coretest.Footprint, detail string, meta core.ClientMeta) {
	t.Helper()
	if len(f.Events) != 1 {
		t.Fatalf("events left of the deleted account: %+v, want only its deletion", f.Events)
	}
	e := f.Events[0]
	if e.Type != core.EventAccountDeleted || e.Detail != detail || e.IP != meta.IP || e.UserAgent != meta.UserAgent {
		t.Fatalf("deletion event %+v, want %s %q from %+v", e, core.EventAccountDeleted, detail, meta)
	}
}

// TestDeleteAccount: the owner deletes an account that has something in
// every table, on both stores. It needs the password and a second factor
// (not the code mailed to an address that an undo link may still take
// back); then nothing of the account is left but the one event of its
// deletion, the mail queued to it never goes out but the goodbye notice
// does, another account is untouched, and both addresses the account had
// can sign up again.
func TestDeleteAccount(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}, Rig: b.new(t, nil)}
			ctx := context.Background()
			a := newFullAccount(r, "gone@example.com", "gone@new.example")
			id := a.p.User.ID
			r.signUp("stays@example.com")
			other := r.session("stays@example.com")
			before := coretest.FootprintOf(t, r.Store, id, nil)
			wantFootprint(t, before, id)
			otherBefore := coretest.FootprintOf(t, r.Store, other.User.ID, nil)

			// A code mail to the account waits in the outbox, its next
			// try not due before the clock moves again.
			proof := a.totp(r)
			r.WaitMailBacklog(0)
			r.Mail.SetFault(mailtest.Refuse)
			if err := r.Svc.ConfirmIdentity(ctx, a.p, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
				t.Fatalf("asking for a step-up code: %v", err)
			}
			r.WaitMailResults(core.MailRetry, 1)
			codesSent := countMails(r.Mail, a.addr, "verification code")

			// While the undo link is open, email is no proof of the deletion.
			err := r.Svc.DeleteAccount(ctx, a.p, pw, core.Proof{Method: core.MethodEmail}, r.meta)
			if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorRequired ||
				!slices.Equal(e.Proof.Methods, []string{core.MethodTOTP, core.MethodRecovery}) || e.Proof.CodeSent {
				t.Fatalf("deletion without a proof: %v (%+v), want 2fa-required offering totp and recovery, no code mailed", err, e)
			}
			if err := r.Svc.DeleteAccount(ctx, a.p, pw, proof, r.meta); err != nil {
				t.Fatalf("deletion: %v", err)
			}

			after := coretest.FootprintOf(t, r.Store, id, &before)
			deletionEvent(t, after, a.addr+" by self", r.meta)
			after.Events = nil
			if !after.Empty() {
				t.Fatalf("left of the deleted account: %+v", after)
			}
			if _, err := r.Store.ChallengeByHash(ctx, tokenHash(a.challenge)); !errors.Is(err, core.ErrNotFound) {
				t.Errorf("the open login's challenge: %v, want it gone", err)
			}
			if _, err := r.Store.LatestEmailCode(ctx, id, "step-up:"+a.p.Session.TokenHash); !errors.Is(err, core.ErrNotFound) {
				t.Errorf("the step-up code: %v, want it gone", err)
			}
			if r.liveAccess(a.access) {
				t.Error("the app's access token still works")
			}
			if _, err := r.Svc.OIDCRefreshToken(ctx, a.refresh); err == nil {
				t.Error("the app's refresh token still works")
			}
			if _, err := r.Svc.Authenticate(ctx, a.token); errCode(err) != core.CodeUnauthenticated {
				t.Errorf("the deleted account's session: %v, want unauthenticated", err)
			}
			if got := coretest.FootprintOf(t, r.Store, other.User.ID, nil); !reflect.DeepEqual(got, otherBefore) {
				t.Errorf("the other account changed:\n%+v\nwas\n%+v", got, otherBefore)
			}

			r.Mail.SetFault(mailtest.NoFault)
			r.DrainMail()
			m := r.WaitMail(a.addr, regexp.MustCompile(`^Your twofa account was deleted$`))
			for _, want := range []string{"account gone@new.example was deleted at your request (from 192.0.2.1) on ", "contact the administrator"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("goodbye notice lacks %q:\n%s", want, m.Text)
				}
			}
			if n := countMails(r.Mail, a.addr, "verification code"); n != codesSent {
				t.Errorf("%d code mails delivered to the deleted account, want the %d sent before it", n, codesSent)
			}

			for _, addr := range []string{a.old, a.addr} {
				if u := r.signUp(addr); u.ID == id {
					t.Errorf("a new account of %s got the deleted account's id", addr)
				}
			}
		})
	}
}

// TestDeleteAccountNeedsProof: a session that has just proved a second
// factor must still prove one with the deletion; a wrong password is
// refused before the proof is looked at, so it does not use the proof up.
func TestDeleteAccountNeedsProof(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "proof@example.com"
	r.signUp(who)
	p := r.session(who) // its login proved an email code just now

	err := r.Svc.DeleteAccount(ctx, p, pw, core.Proof{}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorRequired || !e.Proof.CodeSent {
		t.Fatalf("deletion without a proof: %v, want 2fa-required with a code mailed", err)
	}
	code := r.proof(p).Code // the code just mailed, mailed again
	if err := r.Svc.DeleteAccount(ctx, p, "not the password!", core.Proof{Method: core.MethodEmail, Code: code}, r.meta); errCode(err) != core.CodeWrongPassword {
		t.Fatalf("deletion with a wrong password: %v, want wrong-password", err)
	}
	if err := r.Svc.DeleteAccount(ctx, p, pw, core.Proof{Method: core.MethodEmail, Code: "000000"}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("deletion with a wrong code: %v, want 2fa-invalid", err)
	}
	if _, err := r.Store.UserByID(ctx, p.User.ID); err != nil {
		t.Fatalf("the account went without a proof: %v", err)
	}
	if err := r.Svc.DeleteAccount(ctx, p, pw, core.Proof{Method: core.MethodEmail, Code: code}, r.meta); err != nil {
		t.Fatalf("deletion with the password and the code: %v", err)
	}
	if _, err := r.Store.UserByID(ctx, p.User.ID); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("the account is still there: %v", err)
	}
}

// TestDeleteAccountWithoutFactor: an account with no second factor is
// deleted with its password alone, which is required and checked.
func TestDeleteAccountWithoutFactor(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	u := r.signUp("bare@example.com")
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: u.Email, Password: pw}, r.meta)
	if err != nil || res.Session == nil {
		t.Fatalf("login: %+v, %v", res, err)
	}
	p, err := r.Svc.Authenticate(ctx, res.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := core.AsError(r.Svc.DeleteAccount(ctx, p, "", core.Proof{}, r.meta)); !ok || e.Code != core.CodeBadRequest || e.Field != "password" {
		t.Fatalf("deletion without a password: %+v, want bad-request on password", e)
	}
	e, ok := core.AsError(r.Svc.DeleteAccount(ctx, p, "not the password!", core.Proof{}, r.meta))
	if !ok || e.Code != core.CodeWrongPassword || e.Field != "password" || e.AttemptsLeft == nil {
		t.Fatalf("deletion with a wrong password: %+v, want wrong-password on password with attempts left", e)
	}
	if err := r.Svc.DeleteAccount(ctx, p, pw, core.Proof{}, r.meta); err != nil {
		t.Fatalf("deletion with the password: %v", err)
	}
	if _, err := r.Store.UserByID(ctx, u.ID); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("the account is still there: %v", err)
	}
}

// TestDeleteAccountAddressTooNew: while the link mailed to the previous
// address can undo an email change, an account whose only factor is email
// cannot be deleted with a code sent to the new address: that would let
// whoever moved the address destroy the account, and the owner's link
// with it.
func TestDeleteAccountAddressTooNew(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const old, next = "moved@example.com", "moved@new.example"
	r.signUp(old)
	p := r.session(old)
	if _, err := r.Svc.RequestEmailChange(ctx, p, next, r.proof(p), r.meta); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, next, r.MailedCode(next), r.meta); err != nil {
		t.Fatal(err)
	}
	for _, proof := range []core.Proof{{}, {Method: core.MethodEmail, Code: "123456"}} {
		if err := r.Svc.DeleteAccount(ctx, p, pw, proof, r.meta); errCode(err) != core.CodeMethodUnavailable {
			t.Fatalf("deletion with %+v while the change can be undone: %v, want method-unavailable", proof, err)
		}
	}
	if _, err := r.Store.UserByID(ctx, p.User.ID); err != nil {
		t.Fatal(err)
	}
}

// TestDeleteUserByAdmin: an administrator deletes an account without a
// proof; the audit trail names the administrator and the notice says an
// administrator did it; an unknown id, or one no account can have, is
// not-found, and the last administrator cannot be deleted.
func TestDeleteUserByAdmin(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}, Rig: b.new(t, nil)}
			ctx := context.Background()
			u := r.signUp("removed@example.com")
			token := r.sessionToken(u.Email)
			other := r.signUp("kept@example.com")
			admin := core.ClientMeta{IP: "198.51.100.9", UserAgent: "admin browser"}
			r.newAdmin("boss@example.com")
			op, err := r.Svc.AdminOperator(ctx, r.session("boss@example.com"), core.Proof{}, admin)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Svc.DeleteUser(ctx, u.ID, op); err != nil {
				t.Fatalf("deletion: %v", err)
			}
			f := coretest.FootprintOf(t, r.Store, u.ID, nil)
			deletionEvent(t, f, "removed@example.com by boss@example.com", admin)
			if _, err := r.Svc.Authenticate(ctx, token); errCode(err) != core.CodeUnauthenticated {
				t.Errorf("the deleted account's session: %v, want unauthenticated", err)
			}
			m := r.WaitMail(u.Email, regexp.MustCompile(`account was deleted`))
			if !strings.Contains(m.Text, "was deleted by an administrator (from 198.51.100.9) on ") {
				t.Errorf("goodbye notice does not say who deleted it:\n%s", m.Text)
			}
			for _, id := range []string{u.ID, "u_nobody", "", "u_\xff\x00"} {
				if err := r.Svc.DeleteUser(ctx, id, core.CommandLine()); errCode(err) != core.CodeNotFound {
					t.Errorf("DeleteUser(%q): %v, want not-found", id, err)
				}
			}
			if _, err := r.Store.UserByID(ctx, other.ID); err != nil {
				t.Errorf("the other account: %v", err)
			}
			boss, err := r.Svc.FindUser(ctx, "email", "boss@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Svc.DeleteUser(ctx, boss.ID, op); errCode(err) != core.CodeLastAdmin {
				t.Errorf("deleting the last administrator: %v, want %s", err, core.CodeLastAdmin)
			}
		})
	}
}

// deletionFaults is a faultStore whose transactions also fail at the
// writes of an account deletion.
type deletionFaults struct{ *faultStore }

func (d deletionFaults) InTx(ctx context.Context, fn func(core.Store) error) error {
	return d.faultStore.Store.InTx(ctx, func(tx core.Store) error {
		return fn(&deletionFaultTx{&faultTx{Store: tx, f: d.faultStore}})
	})
}

// deletionFaultTx is deletionFaults' view of one transaction.
type deletionFaultTx struct{ *faultTx }

func (t *deletionFaultTx) InTx(ctx context.Context, fn func(core.Store) error) error { return fn(t) }

func (t *deletionFaultTx) DeleteUser(ctx context.Context, id string) (*core.User, error) {
	if err := t.hit(); err != nil {
		return nil, err
	}
	return t.Store.DeleteUser(ctx, id)
}
func (t *deletionFaultTx) DeleteUserEvents(ctx context.Context, id string, keep []string) (int64, error) {
	if err := t.hit(); err != nil {
		return 0, err
	}
	return t.Store.DeleteUserEvents(ctx, id, keep)
}
func (t *deletionFaultTx) DeleteThrottles(ctx context.Context, prefixes []string) (int64, error) {
	if err := t.hit(); err != nil {
		return 0, err
	}
	return t.Store.DeleteThrottles(ctx, prefixes)
}
func (t *deletionFaultTx) DeleteMailTo(ctx context.Context, to string, now time.Time) (int64, error) {
	if err := t.hit(); err != nil {
		return 0, err
	}
	return t.Store.DeleteMailTo(ctx, to, now)
}
func (t *deletionFaultTx) EnqueueMail(ctx context.Context, m *core.OutboxMessage) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.EnqueueMail(ctx, m)
}

// TestDeleteAccountIsAtomic injects a failure at every write of a
// deletion in turn, on both stores: each leaves the account exactly as it
// was (its sessions among it) and its mail queued; then the deletion goes
// through whole.
func TestDeleteAccountIsAtomic(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			fs := &faultStore{}
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"},
				Rig: b.new(t, func(s core.Store) core.Store { fs.Store = s; return deletionFaults{fs} })}
			ctx := context.Background()
			a := newFullAccount(r, "atomic@example.com", "atomic@new.example")
			id := a.p.User.ID
			r.WaitMailBacklog(0)
			r.Mail.SetFault(mailtest.Refuse) // mail to the account stays queued
			if err := r.Svc.ConfirmIdentity(ctx, a.p, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
				t.Fatalf("asking for a step-up code: %v", err)
			}
			r.WaitMailResults(core.MailRetry, 1) // its next try waits for the clock, which stays
			before := coretest.FootprintOf(t, r.Store, id, nil)
			wantFootprint(t, before, id)
			for failAt := 1; ; failAt++ {
				if failAt > 100 {
					t.Fatal("the deletion never went through")
				}
				fs.failAt, fs.writes = failAt, 0
				err := r.Svc.DeleteUser(ctx, id, core.CommandLine())
				if err == nil {
					if failAt < 8 {
						t.Fatalf("the deletion made %d writes in its transaction, want at least 8", failAt-1)
					}
					t.Logf("%d writes in one transaction", failAt-1)
					break
				}
				if !errors.Is(err, errInjected) {
					t.Fatalf("with a failure at write %d: %v", failAt, err)
				}
				if got := coretest.FootprintOf(t, r.Store, id, nil); !reflect.DeepEqual(got, before) {
					t.Fatalf("a failure at write %d left a half-done deletion:\n%+v\nwas\n%+v", failAt, got, before)
				}
				if b, err := r.Svc.MailBacklog(ctx); err != nil || b.Count != 1 {
					t.Fatalf("after a failure at write %d the outbox holds %+v, %v; want the one queued code mail", failAt, b, err)
				}
			}
			after := coretest.FootprintOf(t, r.Store, id, &before)
			deletionEvent(t, after, "atomic@new.example by the command line", core.ClientMeta{})
		})
	}
}
