package core_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// rig is a Service over a real SQLite file and a real SMTP server, with
// the client details the core tests sign in from.
type rig struct {
	*coretest.Rig
	t    *testing.T
	meta core.ClientMeta
}

func newRig(t *testing.T, configure ...func(*core.Config)) *rig {
	t.Helper()
	return newRigWith(t, nil, configure...)
}

// newRigWith is newRig with the store passed through wrap first (nil: as
// it is), for tests that must step into the middle of an operation.
func newRigWith(t *testing.T, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *rig {
	t.Helper()
	return &rig{Rig: coretest.New(t, wrap, configure...), t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}}
}

const pw = "correct horse battery"

// backends are the stores a test that must hold on both runs against.
var backends = []struct {
	name string
	new  func(t testing.TB, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *coretest.Rig
}{{"sqlite", coretest.New}, {"postgres", coretest.NewPostgres}}

func (r *rig) signUp(email string) *core.User {
	r.t.Helper()
	u, err := r.Svc.SignUp(context.Background(), core.SignUpInput{Email: email, Password: pw, Name: "Tester"}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	return u
}

// login runs the first step and returns the challenge, failing if there
// is none.
func (r *rig) login(email string) *core.ChallengeInfo {
	r.t.Helper()
	res, err := r.Svc.Login(context.Background(), core.LoginInput{Email: email, Password: pw}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	if res.Challenge == nil {
		r.t.Fatal("login gave a session, want a challenge")
	}
	return res.Challenge
}

// session signs in with the mailed code.
func (r *rig) session(email string) *core.Principal {
	r.t.Helper()
	p, err := r.Svc.Authenticate(context.Background(), r.sessionToken(email))
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

// sessionToken signs in with the mailed code and returns the bearer token.
func (r *rig) sessionToken(email string) string {
	r.t.Helper()
	ch := r.login(email)
	code := r.MailedCode(email)
	s, err := r.Svc.CompleteLogin(context.Background(), core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	return s.Token
}

// sessionKnown signs in with the mailed code, presenting the known-device
// token known ("" for none), and returns the bearer token and the client's
// known-device token afterwards (a new one, or known again).
func (r *rig) sessionKnown(email, known string) (token, knownAfter string) {
	r.t.Helper()
	ctx := context.Background()
	res, err := r.Svc.Login(ctx, core.LoginInput{Email: email, Password: pw, KnownDevice: known}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	if res.Challenge == nil {
		r.t.Fatal("login gave a session, want a challenge")
	}
	s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodEmail, Code: r.MailedCode(email)}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	knownAfter = s.KnownDevice
	if knownAfter == "" {
		knownAfter = known
	}
	return s.Token, knownAfter
}

// enableTOTP turns TOTP on for the signed-in user and returns the secret
// and recovery codes.
func (r *rig) enableTOTP(p *core.Principal) (string, []string) {
	r.t.Helper()
	return r.enableTOTPWith(p, r.proof(p))
}

// enableTOTPWith is enableTOTP with a proof obtained beforehand.
func (r *rig) enableTOTPWith(p *core.Principal, proof core.Proof) (string, []string) {
	r.t.Helper()
	ctx := context.Background()
	setup, err := r.Svc.BeginTOTPSetup(ctx, p, proof, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	codes, err := r.Svc.ConfirmTOTP(ctx, p, coretest.TOTPCode(r.t, setup.Secret, r.Clock.Now()), r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	return setup.Secret, codes
}

// proof returns a step-up proof for the signed-in user of an account
// without TOTP: an email code asked for and read from the mail, or the
// password when the account has no second factor.
func (r *rig) proof(p *core.Principal) core.Proof {
	r.t.Helper()
	ctx := context.Background()
	methods, _, err := r.Svc.ProofMethods(ctx, p)
	if err != nil {
		r.t.Fatal(err)
	}
	if methods[0] == core.MethodPassword {
		return core.Proof{Method: core.MethodPassword, Code: pw}
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		r.t.Fatalf("asking for a step-up code: %v", err)
	}
	// Skip login codes mailed meanwhile: the step-up code is the one asked for.
	for {
		m := r.WaitMail(p.User.Email, regexp.MustCompile("verification code"))
		if strings.Contains(m.Text, "to confirm a change") {
			return core.Proof{Method: core.MethodEmail, Code: m.Find(coretest.EmailCodeRe)}
		}
	}
}

// wrongPasswords sends n password changes with a wrong current password
// from the session p, each of which must be refused as wrong-password.
func (r *rig) wrongPasswords(p *core.Principal, n int) {
	r.t.Helper()
	for i := range n {
		err := r.Svc.ChangePassword(context.Background(), p, "not the password!", "another long password", core.Proof{}, r.meta)
		if errCode(err) != core.CodeWrongPassword {
			r.t.Fatalf("wrong current password %d: %v", i+1, err)
		}
	}
}

func errCode(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Code
	}
	if err != nil {
		return "unexpected: " + err.Error()
	}
	return ""
}

// waitSubject waits for a mail to addr whose subject contains part.
func (r *rig) waitSubject(to, part string) {
	r.t.Helper()
	r.WaitMail(to, regexp.MustCompile(regexp.QuoteMeta(part)))
}
