package server

import "testing"

// TestResendSaysSameCode: asking for a login or step-up code again while
// the last one is fresh mails the same code and says so in sameCode.
func TestResendSaysSameCode(t *testing.T) {
	e := newEnv(t)
	const who = "resend@example.com"
	e.signUp(who)
	r := e.expect(e.login(who, testPassword, ""), 401, "2fa-required")
	first := e.latestCode(who)
	again := e.expect(e.call("POST", "/api/v1/login/2fa/email", "", map[string]string{"challenge": r.str("challenge")}), 202, "")
	if again.body["codeSent"] != true || again.body["sameCode"] != true || e.latestCode(who) != first {
		t.Fatalf("login code asked again: %s; want the same code", again.raw)
	}
	token := e.finishWithCode(who, r).str("token")

	for i, want := range []bool{false, true} {
		r := e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, "X-2FA-Method", "email")
		if r.str("error") != "2fa-required" || r.body["codeSent"] != true || r.body["sameCode"] != want {
			t.Fatalf("step-up %d: %s; want sameCode %v", i+1, r.raw, want)
		}
	}
}
