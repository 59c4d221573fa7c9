// Package coretest builds a whole core.Service out of real parts for tests:
// a SQLite file in the test's temporary directory, an SMTP server on
// loopback, a fresh random key and a clock the test moves. The core tests
// and the HTTP tests share it, so both run against the same set-up.
package coretest

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
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
	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// Start is the instant every rig's clock shows when it is built.
var Start = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// CheapArgon keeps tests fast; production uses password.OWASP.
var CheapArgon = password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// Rig is a running Service and the real parts under it.
type Rig struct {
	Svc   *core.Service
	Store core.Store // the store itself, not the wrapped one the Service uses
	Mail  *mailtest.Server
	Clock *clocktest.Clock
	// DBPath is the SQLite file, "" on PostgreSQL.
	DBPath string
	// DSN is the PostgreSQL database (with its schema), "" on SQLite.
	DSN    string
	Hasher *password.Hasher
	Logger *slog.Logger
	// Keys is the key ring the Service seals with (one random key).
	Keys *secret.Keyring

	t       testing.TB
	results *mailResults
	cfg     core.Config
}

// New builds a Rig with core.DefaultConfig changed by configure, in that
// order. wrap, when not nil, is put between the Service and the store, for
// tests that must step into the middle of an operation. Everything is
// closed when the test ends.
func New(t testing.TB, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *Rig {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "twofa.db")
	st, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := NewOn(t, st, wrap, configure...)
	r.DBPath = dbPath
	return r
}

// NewPostgres is New on a fresh schema of the PostgreSQL database named by
// TWOFA_TEST_POSTGRES; without it the test is skipped (failed with CI=true).
func NewPostgres(t testing.TB, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *Rig {
	t.Helper()
	dsn := pgtest.Schema(t)
	st, err := postgres.Open(context.Background(), dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := NewOn(t, st, wrap, configure...)
	r.DSN = dsn
	return r
}

// Twin is a second instance of r's twofa, as another "twofa serve" on the
// same PostgreSQL database: its own connections and Service, with r's
// secret key, configuration, clock and SMTP server (either instance's
// sender may deliver a mail of the shared outbox). It needs a rig made by
// NewPostgres.
func (r *Rig) Twin(t testing.TB) *Rig {
	t.Helper()
	if r.DSN == "" {
		t.Fatal("coretest: Twin needs a rig on PostgreSQL (NewPostgres)")
	}
	st, err := postgres.Open(context.Background(), r.DSN, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	twin := build(t, st, nil, r.Keys, r.Clock, r.cfg, r.Mail)
	twin.DSN = r.DSN
	return twin
}

// NewOn is New on an open store st, which the caller closes.
func NewOn(t testing.TB, st core.Store, wrap func(core.Store) core.Store, configure ...func(*core.Config)) *Rig {
	t.Helper()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	keys, err := secret.NewKeyring(rand.Reader, key)
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.DefaultConfig()
	for _, f := range configure {
		f(&cfg)
	}
	return build(t, st, wrap, keys, clocktest.New(Start), cfg, nil)
}

// build starts a Service on st with the given key ring, clock and
// configuration, mailing through smtpSrv (a new one when nil).
func build(t testing.TB, st core.Store, wrap func(core.Store) core.Store, keys *secret.Keyring, clock *clocktest.Clock, cfg core.Config, smtpSrv *mailtest.Server) *Rig {
	t.Helper()
	ctx := context.Background()
	if smtpSrv == nil {
		smtpSrv = mailtest.NewServer(t)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mailer, err := mail.New(smtpSrv.URL(), "twofa@example.test", log)
	if err != nil {
		t.Fatal(err)
	}
	hasher := password.NewHasher(CheapArgon, hasherSlots, rand.Reader)
	var store core.Store = st
	if wrap != nil {
		store = wrap(st)
	}
	results := newMailResults()
	svc, err := core.New(ctx, core.Deps{
		Store:  store,
		Mailer: mailer,
		Keys:   keys,
		Hasher: hasher,
		Clock:  clock.Now,
		Logger: log,
		OnMail: results.add,
	}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The outbox's sender and the settings' reload run as in twofa serve;
	// Close stops them and waits.
	go svc.RunMailSender(context.Background())
	go svc.RunSettingsReload(context.Background())
	t.Cleanup(svc.Close)
	return &Rig{Svc: svc, Store: st, Mail: smtpSrv, Clock: clock, Hasher: hasher, Logger: log, Keys: keys, t: t, results: results, cfg: cfg}
}

// hasherSlots is how many argon2id computations a rig's hasher runs at once.
const hasherSlots = 4

// SaturateHasher takes every slot of the rig's password hasher and lets no
// caller wait for one, so password checks are refused as busy until
// release is called (at the latest when the test ends).
func (r *Rig) SaturateHasher() (release func()) {
	r.Hasher.LimitQueue(0)
	free := r.Hasher.Hold(hasherSlots)
	release = func() {
		free()
		r.Hasher.LimitQueue(-1)
	}
	r.t.Cleanup(release)
	return release
}

// EmailCodeRe finds a mailed code in its mailed form, 123-456.
var EmailCodeRe = regexp.MustCompile(`\b(\d{3}-\d{3})\b`)

// codeSubjectRe picks the code mails out of the notifications.
var codeSubjectRe = regexp.MustCompile(`verification code`)

// WaitMail waits up to 10 seconds for a mail to addr whose subject
// matches, skipping the others, and fails the test if none comes.
func (r *Rig) WaitMail(addr string, subject *regexp.Regexp) mailtest.Received {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m := r.Mail.WaitFor(r.t, addr, time.Until(deadline))
		if subject.MatchString(m.Subject) {
			return m
		}
	}
	r.t.Fatalf("no mail to %s with subject matching %s", addr, subject)
	return mailtest.Received{}
}

// MailedCode waits for the next code mail to addr (skipping notifications)
// and returns the code in it.
func (r *Rig) MailedCode(addr string) string {
	r.t.Helper()
	m := r.WaitMail(addr, codeSubjectRe)
	code := m.Find(EmailCodeRe)
	if code == "" {
		r.t.Fatalf("no code in mail %q: %s", m.Subject, m.Text)
	}
	return code
}

// TOTPCode computes the code for at with pquerna/otp, an implementation
// independent of twofa's own.
func TOTPCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	c, err := ptotp.GenerateCodeCustom(secret, at, ptotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// WrongTOTP returns a 6-digit code that is valid for none of the steps
// from two before now to two after it.
func WrongTOTP(t testing.TB, secret string, now time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for d := -2; d <= 2; d++ {
		valid[TOTPCode(t, secret, now.Add(time.Duration(d)*30*time.Second))] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333", "444444", "555555"} {
		if !valid[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}
