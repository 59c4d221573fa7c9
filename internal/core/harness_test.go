package core_test

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	ptotp "github.com/pquerna/otp/totp"

	"github.com/twofa-dev/twofa/internal/clocktest"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// rig is a Service over a real SQLite file and a real SMTP server.
type rig struct {
	t      *testing.T
	svc    *core.Service
	store  core.Store
	mail   *mailtest.Server
	clock  *clocktest.Clock
	dbPath string
	meta   core.ClientMeta
	hasher *password.Hasher
}

func newRig(t *testing.T, configure ...func(*core.Config)) *rig {
	t.Helper()
	return newRigWith(t, nil, configure...)
}

// newRigWith is newRig with the store passed through wrap first (nil: as
// it is), for tests that must step into the middle of an operation.
func newRigWith(t *testing.T, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *rig {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "twofa.db")
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	smtpSrv := mailtest.NewServer(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mailer, err := mail.New(smtpSrv.URL(), "twofa@example.test", log)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secret.NewKeyring(rand.Reader, randomKey(t))
	if err != nil {
		t.Fatal(err)
	}
	c := clocktest.New(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	cfg := core.DefaultConfig()
	for _, f := range configure {
		f(&cfg)
	}
	hasher := password.NewHasher(password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, 4, rand.Reader)
	var store core.Store = st
	if wrap != nil {
		store = wrap(st)
	}
	svc, err := core.New(ctx, core.Deps{
		Store:  store,
		Mailer: mailer,
		Keys:   keys,
		Hasher: hasher,
		Clock:  c.Now,
		Logger: log,
	}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	return &rig{t: t, svc: svc, store: st, mail: smtpSrv, clock: c, dbPath: dbPath, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}, hasher: hasher}
}

func randomKey(t *testing.T) []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

const pw = "correct horse battery"

func (r *rig) signUp(email string) *core.User {
	r.t.Helper()
	u, err := r.svc.SignUp(context.Background(), core.SignUpInput{Email: email, Password: pw, Name: "Tester"}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	return u
}

var codeRe = regexp.MustCompile(`\b(\d{3}-\d{3})\b`)

func (r *rig) mailedCode(to string) string {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m := r.mail.WaitFor(r.t, to, time.Until(deadline))
		if c := m.Find(codeRe); c != "" {
			return c
		}
	}
	r.t.Fatalf("no code mail to %s", to)
	return ""
}

// login runs the first step and returns the challenge, failing if there
// is none.
func (r *rig) login(email string) *core.ChallengeInfo {
	r.t.Helper()
	res, err := r.svc.Login(context.Background(), core.LoginInput{Email: email, Password: pw}, r.meta)
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
	p, err := r.svc.Authenticate(context.Background(), r.sessionToken(email))
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

// sessionToken signs in with the mailed code and returns the bearer token.
func (r *rig) sessionToken(email string) string {
	r.t.Helper()
	ch := r.login(email)
	code := r.mailedCode(email)
	s, err := r.svc.CompleteLogin(context.Background(), core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	return s.Token
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := ptotp.GenerateCodeCustom(secret, at, ptotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enableTOTP turns TOTP on for the signed-in user and returns the secret
// and recovery codes.
func (r *rig) enableTOTP(p *core.Principal) (string, []string) {
	r.t.Helper()
	ctx := context.Background()
	setup, err := r.svc.BeginTOTPSetup(ctx, p, core.Proof{}, r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	codes, err := r.svc.ConfirmTOTP(ctx, p, totpCode(r.t, setup.Secret, r.clock.Now()), r.meta)
	if err != nil {
		r.t.Fatal(err)
	}
	return setup.Secret, codes
}

// wrongTOTP returns a 6-digit code that is valid for none of the steps
// around now.
func wrongTOTP(t *testing.T, secret string, now time.Time) string {
	valid := map[string]bool{}
	for d := -2; d <= 2; d++ {
		valid[totpCode(t, secret, now.Add(time.Duration(d)*30*time.Second))] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333", "444444", "555555"} {
		if !valid[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
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
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := r.mail.WaitFor(r.t, to, time.Until(deadline)); strings.Contains(m.Subject, part) {
			return
		}
	}
	r.t.Fatalf("no mail to %s about %q", to, part)
}
