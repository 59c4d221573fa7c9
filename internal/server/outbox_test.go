package server

import (
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

// TestLoginAnswersWhileMailRefusedAndReadyzShowsBacklog: with the mail
// server refusing everything, a login answers 2fa-required with the code
// on its way, /readyz stays 200 and shows the queued mail and its age, and
// once the server is back the code arrives and signs in.
func TestLoginAnswersWhileMailRefusedAndReadyzShowsBacklog(t *testing.T) {
	e := newEnv(t)
	const who = "queued@example.com"
	e.signUp(who)
	e.Mail.SetFault(mailtest.Refuse)
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": who, "password": testPassword}), 401, "2fa-required")
	if r.body["codeSent"] != true || !strings.Contains(r.str("message"), "on its way") {
		t.Fatalf("login while mail is refused: %s; want codeSent true and a message that the code is on its way", r.raw)
	}
	e.WaitMailResults(core.MailRetry, 1)
	e.Clock.Advance(90 * time.Second) // the retry is due; the code still valid
	ready := e.expect(e.call("GET", "/readyz", "", nil), 200, "")
	if ready.num("mailBacklog") != 1 || ready.num("oldestMailSeconds") != 90 {
		t.Fatalf("/readyz = %s; want mailBacklog 1 and oldestMailSeconds 90", ready.raw)
	}

	e.Mail.SetFault(mailtest.NoFault)
	e.DrainMail()
	code := e.MailedCode(who)
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "email", "code": code}), 200, "")
	e.WaitMailBacklog(0)
	ready = e.expect(e.call("GET", "/readyz", "", nil), 200, "")
	if ready.num("mailBacklog") != 0 || ready.num("oldestMailSeconds") != 0 {
		t.Fatalf("/readyz after delivery = %s; want mailBacklog 0 and oldestMailSeconds 0", ready.raw)
	}

	// Asking for a new code answers at once too, saying it is on its way.
	e.Mail.SetFault(mailtest.Refuse)
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": who, "password": testPassword}), 401, "2fa-required")
	again := e.call("POST", "/api/v1/login/2fa/email", "", map[string]string{"challenge": r.str("challenge")})
	if again.status != 202 || again.body["codeSent"] != true || !strings.Contains(again.str("message"), "on its way") {
		t.Fatalf("new code while mail is refused: %d %s", again.status, again.raw)
	}
}
