package server

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// onEachStore runs fn against a whole twofa on SQLite and on PostgreSQL
// (skipped without TWOFA_TEST_POSTGRES, failed with CI=true).
func onEachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range []struct {
		name string
		rig  func(testing.TB, func(core.Store) core.Store, ...func(*core.Config)) *coretest.Rig
	}{{"sqlite", coretest.New}, {"postgres", coretest.NewPostgres}} {
		t.Run(b.name, func(t *testing.T) {
			rig := b.rig(t, nil)
			h, err := New(Options{Service: rig.Svc, Logger: rig.Logger, Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			fn(t, &env{Rig: rig, t: t, srv: srv, h: h})
		})
	}
}

// latestCode returns the code of the newest code mail to addr, once the
// outbox has delivered every mail queued so far.
func (e *env) latestCode(addr string) string {
	e.t.Helper()
	e.WaitMailBacklog(0)
	msgs := e.Mail.Messages()
	for _, m := range slices.Backward(msgs) {
		if slices.ContainsFunc(m.To, func(to string) bool { return strings.EqualFold(to, addr) }) &&
			strings.Contains(m.Subject, "verification code") {
			return m.Find(coretest.EmailCodeRe)
		}
	}
	e.t.Fatalf("no code mail to %s", addr)
	return ""
}

// login sends the first step with the password pass and, when known is
// not "", a known-device token.
func (e *env) login(addr, pass, known string) reply {
	e.t.Helper()
	body := map[string]string{"email": addr, "password": pass}
	if known != "" {
		body["knownDevice"] = known
	}
	return e.call("POST", "/api/v1/login", "", body)
}

// ownerDevice logs addr in with the mailed code, as its owner, and
// returns the session token and the known-device token the login gave.
func (e *env) ownerDevice(addr string) (token, known string) {
	e.t.Helper()
	r := e.expect(e.login(addr, testPassword, ""), 401, "2fa-required")
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{
		"challenge": r.str("challenge"), "method": "email", "code": e.latestCode(addr)}), 200, "")
	if r.str("knownDevice") == "" {
		e.t.Fatalf("login gave no knownDevice: %s", r.raw)
	}
	return r.str("token"), r.str("knownDevice")
}

// finishWithCode completes a login challenge with the newest mailed code.
func (e *env) finishWithCode(addr string, r reply) reply {
	e.t.Helper()
	if r.body["codeSent"] != true {
		e.t.Fatalf("no code was sent for the login: %s", r.raw)
	}
	return e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{
		"challenge": r.str("challenge"), "method": "email", "code": e.latestCode(addr)}), 200, "")
}

// TestStrangerPasswordsDoNotStopKnownDevice: 21 wrong passwords from the
// owner's address (one address for everybody behind a proxy or a NAT)
// lock that address, but the owner's right password from a known device
// still gets through, and keeps its token.
func TestStrangerPasswordsDoNotStopKnownDevice(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const owner = "owner@example.com"
		e.signUp(owner)
		_, known := e.ownerDevice(owner)
		for i := range 21 {
			r := e.login(owner, "a wrong password", "")
			if r.status != 401 && r.status != 429 {
				t.Fatalf("wrong password %d: %d %s", i+1, r.status, r.raw)
			}
		}
		e.expect(e.login(owner, testPassword, ""), 429, "too-many-attempts") // the address is locked
		r := e.expect(e.login(owner, testPassword, known), 401, "2fa-required")
		r = e.finishWithCode(owner, r)
		if r.str("knownDevice") != "" {
			t.Fatalf("a login from a known device made a new one: %s", r.raw)
		}
	})
}

// TestOtherAccountsDoNotStopKnownDeviceMails: 30 logins to a stranger's
// own accounts from the owner's address use up that address's code mails,
// but the owner still gets a login code on a known device.
func TestOtherAccountsDoNotStopKnownDeviceMails(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const owner = "owner@example.com"
		e.signUp(owner)
		_, known := e.ownerDevice(owner) // one mail from the address
		for i := range 3 {
			e.signUp(fmt.Sprintf("stranger%d@example.com", i))
		}
		for i := range 30 {
			e.expect(e.login(fmt.Sprintf("stranger%d@example.com", i%3), testPassword, ""), 401, "2fa-required")
		}
		if r := e.expect(e.login(owner, testPassword, ""), 401, "2fa-required"); r.body["codeSent"] != false {
			t.Fatalf("the address's mails are not used up: %s", r.raw)
		}
		e.finishWithCode(owner, e.expect(e.login(owner, testPassword, known), 401, "2fa-required"))
	})
}

// TestStrangerCodesDoNotLockKnownDevice: a stranger who holds the password
// locks code entry for unknown devices with wrong codes (and the owner is
// told), but the owner's known device still signs in.
func TestStrangerCodesDoNotLockKnownDevice(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const owner = "owner@example.com"
		e.signUp(owner)
		token, known := e.ownerDevice(owner)
		sec, _ := e.enableTOTP(token)
		r := e.expect(e.login(owner, testPassword, ""), 401, "2fa-required")
		e.wrongTOTP(r.str("challenge"), sec, 5)
		m := e.WaitMail(owner, regexp.MustCompile(`locked`))
		for _, want := range []string{"has not signed in to your account before", "other devices are not affected", "change it"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("lock mail does not say %q:\n%s", want, m.Text)
			}
		}
		e.expect(e.login(owner, testPassword, ""), 429, "too-many-attempts")

		r = e.expect(e.login(owner, testPassword, known), 401, "2fa-required")
		e.Clock.Advance(30e9) // a new TOTP step: the enrolment used the last one
		e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{
			"challenge": r.str("challenge"), "method": "totp", "code": coretest.TOTPCode(t, sec, e.Clock.Now())}), 200, "")
		// The known device's own wrong codes count against itself.
		r = e.expect(e.login(owner, testPassword, known), 401, "2fa-required")
		e.wrongTOTP(r.str("challenge"), sec, 5)
		e.expect(e.login(owner, testPassword, known), 429, "too-many-attempts")
	})
}

// TestStrangerLoginsDoNotUseUpOwnerCodes: ten logins with the password by
// a stranger use up the email codes of unknown devices for the account,
// but not those of the owner's known device.
func TestStrangerLoginsDoNotUseUpOwnerCodes(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const owner = "owner@example.com"
		e.signUp(owner)
		_, known := e.ownerDevice(owner)
		for range 10 {
			e.expect(e.login(owner, testPassword, ""), 401, "2fa-required")
		}
		if r := e.expect(e.login(owner, testPassword, ""), 401, "2fa-required"); r.body["codeSent"] != false {
			t.Fatalf("the unknown devices' mails are not used up: %s", r.raw)
		}
		e.finishWithCode(owner, e.expect(e.login(owner, testPassword, known), 401, "2fa-required"))
	})
}

// TestEmailConfirmCodesDoNotLockOwner: five wrong new-address codes from a
// stolen session (here, one opened on the owner's own device) do not lock
// the owner's logins or step-ups.
func TestEmailConfirmCodesDoNotLockOwner(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const owner = "owner@example.com"
		e.signUp(owner)
		stolen, known := e.ownerDevice(owner)
		for range 5 {
			e.expect(e.call("POST", "/api/v1/me/email/confirm", stolen, map[string]string{"email": "thief@example.com", "code": "000000"}), 403, "2fa-invalid")
		}
		token := e.finishWithCode(owner, e.expect(e.login(owner, testPassword, known), 401, "2fa-required")).str("token")
		r := e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, "X-2FA-Method", "email")
		if r.str("error") != "2fa-required" || r.body["codeSent"] != true {
			t.Fatalf("step-up without a code: %d %s", r.status, r.raw)
		}
		e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, "X-2FA-Method", "email", "X-2FA-Code", e.latestCode(owner)), 200, "")
	})
}

// TestStolenSessionProbesDoNotUseUpOwnerCodes: ten step-up probes with
// X-2FA-Method: email from a stolen session (here, one opened on the
// owner's own device) use up that session's code mails, not the login
// codes of the owner's known device.
func TestStolenSessionProbesDoNotUseUpOwnerCodes(t *testing.T) {
	onEachStore(t, func(t *testing.T, e *env) {
		const owner = "owner@example.com"
		e.signUp(owner)
		stolen, known := e.ownerDevice(owner)
		for i := range 10 {
			r := e.call("POST", "/api/v1/me/2fa/recovery-codes", stolen, nil, "X-2FA-Method", "email")
			if r.str("error") != "2fa-required" || r.body["codeSent"] != true {
				t.Fatalf("probe %d: %d %s", i+1, r.status, r.raw)
			}
		}
		e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", stolen, nil, "X-2FA-Method", "email"), 429, "too-many-attempts")
		e.finishWithCode(owner, e.expect(e.login(owner, testPassword, known), 401, "2fa-required"))
	})
}

// wrongTOTP answers the login challenge n times with a TOTP code that is
// wrong for sec, each refused as 2fa-invalid.
func (e *env) wrongTOTP(challenge, sec string, n int) {
	e.t.Helper()
	wrong := coretest.WrongTOTP(e.t, sec, e.Clock.Now())
	for range n {
		e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "totp", "code": wrong}), 401, "2fa-invalid")
	}
}
