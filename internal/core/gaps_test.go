package core_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// raceStore lets a test step in just before a recovery code is used: it
// consumes the challenge first, as a parallel request would have.
type raceStore struct {
	core.Store
	challenge string
}

// InTx hands fn a raceStore too, so that the step in happens within the
// login's own transaction.
func (s *raceStore) InTx(ctx context.Context, fn func(tx core.Store) error) error {
	return s.Store.InTx(ctx, func(tx core.Store) error {
		return fn(&raceStore{Store: tx, challenge: s.challenge})
	})
}

func (s *raceStore) ChallengeByHash(ctx context.Context, hash string) (*core.Challenge, error) {
	s.challenge = hash
	return s.Store.ChallengeByHash(ctx, hash)
}

func (s *raceStore) UseRecoveryCode(ctx context.Context, userID string, hash []byte, at time.Time) (bool, error) {
	if _, err := s.Store.ConsumeChallenge(ctx, s.challenge, at); err != nil {
		return false, err
	}
	return s.Store.UseRecoveryCode(ctx, userID, hash, at)
}

// TestChallengeLostToParallelRequest: when another request used the
// challenge between the check and the answer, no session is made.
func TestChallengeLostToParallelRequest(t *testing.T) {
	rs := &raceStore{}
	r := newRigWith(t, func(s core.Store) core.Store { rs.Store = s; return rs })
	ctx := context.Background()
	const who = "lost-race@example.com"
	r.signUp(who)
	_, codes := r.enableTOTP(r.session(who))
	ch := r.login(who)
	s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodRecovery, Code: codes[0]}, r.meta)
	if errCode(err) != core.CodeChallengeExpired || s != nil {
		t.Fatalf("a challenge used by another request still made a session: %v", err)
	}
}

// TestSignupLimitPerAddress: the 11th sign-up from one address in an hour
// is refused, another address is not affected, and the lock passes.
func TestSignupLimitPerAddress(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	in := func(i int) core.SignUpInput {
		return core.SignUpInput{Email: "s" + string(rune('a'+i)) + "@example.com", Password: pw, Name: "S"}
	}
	for i := range 10 {
		if _, err := r.Svc.SignUp(ctx, in(i), r.meta); err != nil {
			t.Fatalf("sign-up %d: %v", i+1, err)
		}
	}
	_, err := r.Svc.SignUp(ctx, in(10), r.meta)
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeTooManyAttempts || e.RetryAfter <= 0 {
		t.Fatalf("11th sign-up: %v", err)
	}
	if _, err := r.Svc.SignUp(ctx, in(11), core.ClientMeta{IP: "198.51.100.9"}); err != nil {
		t.Fatalf("sign-up from another address: %v", err)
	}
	r.Clock.Advance(e.RetryAfter)
	if _, err := r.Svc.SignUp(ctx, in(10), r.meta); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

// TestMailLimits: code mails are limited per account (whatever the
// address) and per address (whatever the account); refused mails are not
// sent.
func TestMailLimits(t *testing.T) {
	r := newRig(t, func(c *core.Config) {
		c.MailAddrLimit.Free = 3
		c.MailUserLimit.Free = 2
	})
	ctx := context.Background()
	const who = "mails@example.com"
	r.signUp(who)
	ch := r.login(who) // mail 1 for the account, 1 for the address
	r.MailedCode(who)
	other := core.ClientMeta{IP: "198.51.100.20"}
	if _, err := r.Svc.SendLoginEmailCode(ctx, ch.Token, other); err != nil { // account: 2
		t.Fatal(err)
	}
	r.MailedCode(who)
	_, err := r.Svc.SendLoginEmailCode(ctx, ch.Token, core.ClientMeta{IP: "198.51.100.21"})
	if errCode(err) != core.CodeTooManyAttempts {
		t.Fatalf("third mail to one account: %v", err)
	}
	if n := len(r.Mail.Messages()); n != 2 {
		t.Fatalf("%d mails sent, want 2", n)
	}
	// Per address: r.meta.IP has sent 1 mail; two more accounts take it to 3.
	for _, a := range []string{"m1@example.com", "m2@example.com"} {
		r.signUp(a)
		r.login(a)
		r.MailedCode(a)
	}
	r.signUp("m3@example.com")
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: "m3@example.com", Password: pw}, r.meta)
	if err != nil {
		t.Fatal(err)
	}
	if res.Challenge == nil || res.Challenge.CodeSent {
		t.Fatalf("login of m3: %+v; want a challenge without a code (the address's mails are used up)", res)
	}
	r.WaitMailBacklog(0)
	if got := len(r.Mail.Messages()); got != 4 {
		t.Fatalf("%d mails sent, want 4 (the 4th mail from one address is refused)", got)
	}
}

// TestDevicesRevokedOnChanges: disabling TOTP and changing the password
// each forget every trusted device.
func TestDevicesRevokedOnChanges(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "devices@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	sec, _ := r.enableTOTP(mustPrincipal(t, r, token))
	remember := func() string {
		t.Helper()
		r.Clock.Advance(30 * time.Second)
		ch := r.login(who)
		s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now()), RememberDevice: true}, r.meta)
		if err != nil {
			t.Fatal(err)
		}
		return s.DeviceToken
	}
	trusted := func(device string) bool {
		t.Helper()
		res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw, DeviceToken: device}, r.meta)
		if err != nil {
			t.Fatal(err)
		}
		return res.Session != nil
	}

	device := remember()
	if !trusted(device) {
		t.Fatal("a remembered device was not trusted")
	}
	r.Clock.Advance(30 * time.Second)
	if err := r.Svc.DisableTOTP(ctx, mustPrincipal(t, r, token), core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
		t.Fatal(err)
	}
	if trusted(device) {
		t.Fatal("a device stayed trusted after TOTP was disabled")
	}

	sec, _ = r.enableTOTP(mustPrincipal(t, r, token))
	device = remember()
	r.Clock.Advance(30 * time.Second)
	if err := r.Svc.ChangePassword(ctx, mustPrincipal(t, r, token), pw, pw+"!", core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
		t.Fatal(err)
	}
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw + "!", DeviceToken: device}, r.meta)
	if err != nil || res.Session != nil {
		t.Fatalf("a device stayed trusted after a password change: %v", err)
	}
}

// TestTOTPSkewIsOneStep: codes two steps away are refused; one step away
// is accepted.
func TestTOTPSkewIsOneStep(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.SecondFactorLimit.Free = 100 })
	ctx := context.Background()
	const who = "skew@example.com"
	r.signUp(who)
	sec, _ := r.enableTOTP(r.session(who))
	r.Clock.Advance(5 * time.Minute)
	now := r.Clock.Now()
	for _, d := range []time.Duration{-60 * time.Second, 60 * time.Second} {
		ch := r.login(who)
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, now.Add(d))}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("code for %s away: %v", d, err)
		}
	}
	ch := r.login(who)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, now.Add(-30*time.Second))}, r.meta); err != nil {
		t.Fatalf("code one step back: %v", err)
	}
}

// TestAuditTrailCoversEveryChange: each security change is recorded.
func TestAuditTrailCoversEveryChange(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "audit@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	sec, codes := r.enableTOTP(mustPrincipal(t, r, token))
	step := func() core.Proof {
		r.Clock.Advance(30 * time.Second)
		return core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, sec, r.Clock.Now())}
	}
	ch := r.login(who)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodRecovery, Code: codes[0], RememberDevice: true}, r.meta); err != nil {
		t.Fatal(err)
	}
	p := mustPrincipal(t, r, token)
	devices, err := r.Svc.TrustedDevices(ctx, p)
	if err != nil || len(devices) != 1 {
		t.Fatalf("devices: %v %v", devices, err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Svc.RevokeTrustedDevice(ctx, p, devices[0].ID, r.meta))
	_, err = r.Svc.RegenerateRecoveryCodes(ctx, p, step(), r.meta)
	must(err)
	must(r.Svc.ChangePassword(ctx, mustPrincipal(t, r, token), pw, pw+"?", step(), r.meta))
	_, err = r.Svc.RequestEmailChange(ctx, mustPrincipal(t, r, token), "audit2@example.com", step(), r.meta)
	must(err)
	must(r.Svc.ConfirmEmailChange(ctx, mustPrincipal(t, r, token), "audit2@example.com", r.MailedCode("audit2@example.com"), r.meta))
	must(r.Svc.DisableTOTP(ctx, mustPrincipal(t, r, token), step(), r.meta))
	must(r.Svc.Logout(ctx, mustPrincipal(t, r, token), r.meta))

	evs, err := r.Store.Events(ctx, mustUser(t, r, "audit2@example.com").ID, core.EventCursor{}, 100)
	must(err)
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	for _, want := range []string{
		core.EventRecoveryUsed, core.EventDeviceTrusted, core.EventDeviceRevoked, core.EventRecoveryRegen,
		core.EventPasswordChanged, core.EventEmailChanged, core.EventTOTPDisabled, core.EventLogout,
	} {
		if !slices.Contains(types, want) {
			t.Errorf("no %q event in %v", want, types)
		}
	}
}

// TestUnknownEmailCostsAHash: a login for an unknown email spends the same
// argon2id work as a wrong password for a known one, so the answer's
// timing does not tell which addresses have accounts.
func TestUnknownEmailCostsAHash(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	r.signUp("known@example.com")
	cost := func(email string) uint64 {
		before := r.Hasher.Runs()
		_, err := r.Svc.Login(ctx, core.LoginInput{Email: email, Password: "not the password"}, r.meta)
		if errCode(err) != core.CodeInvalidCredentials {
			t.Fatalf("login %s: %v", email, err)
		}
		return r.Hasher.Runs() - before
	}
	known := cost("known@example.com")
	if known != 1 {
		t.Fatalf("argon2id runs for a known email: %d, want 1", known)
	}
	for _, unknown := range []string{"nobody@example.com", "a@localhost", "not-an-email", "a\x00b@example.com"} {
		if n := cost(unknown); n != known {
			t.Errorf("argon2id runs for %q: %d, want %d as for a known email", unknown, n, known)
		}
	}
}
