package core_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/clocktest"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// countMails counts the mails the SMTP server received for to whose
// subject contains part.
func countMails(srv *mailtest.Server, to, part string) int {
	n := 0
	for _, m := range srv.Messages() {
		for _, rcpt := range m.To {
			if strings.EqualFold(rcpt, to) && strings.Contains(m.Subject, part) {
				n++
			}
		}
	}
	return n
}

// TestMailRefusedThenBack: while the mail server refuses every message, a
// login still answers at once that its code is on its way, and the code
// mail and a security notification are retried; once the server comes
// back, both arrive, once each, and the code signs in.
func TestMailRefusedThenBack(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "refused@example.com"
	r.signUp(who)
	p := r.session(who)
	proof := r.proof(p)

	r.Mail.SetFault(mailtest.Refuse)
	ch := r.login(who)
	if !ch.CodeSent {
		t.Fatal("login while the mail server refuses: CodeSent false, want true (the code is queued)")
	}
	r.enableTOTPWith(p, proof) // queues "An authenticator app was enabled"
	r.WaitMailResults(core.MailRetry, 2)
	if r.Mail.Refused() < 2 {
		t.Fatalf("the mail server refused %d mails, want both tried", r.Mail.Refused())
	}
	if n := countMails(r.Mail, who, "verification code"); n != 2 {
		t.Fatalf("%d code mails delivered while refusing, want only the first session's login and step-up codes", n)
	}
	b, err := r.Svc.MailBacklog(ctx)
	if err != nil || b.Count != 2 || !b.Oldest.Equal(r.Clock.Now().UTC()) {
		t.Fatalf("MailBacklog = %+v, %v; want 2 mails queued at %v", b, err, r.Clock.Now())
	}

	// The server is back; the clock moves past the retries' back-off,
	// well within the code's lifetime.
	r.Mail.SetFault(mailtest.NoFault)
	r.DrainMail()
	code := r.MailedCode(who) // skips (and takes) the notification

	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta); err != nil {
		t.Fatalf("the code delivered late does not sign in: %v", err)
	}
	r.WaitMailBacklog(0)
	// Later rounds of the sender must not deliver anything again.
	r.Clock.Advance(time.Hour)
	r.WaitMailResults(core.MailSent, 4)
	if n := countMails(r.Mail, who, "verification code"); n != 3 {
		t.Errorf("%d code mails delivered, want 3 (one per login, and the step-up code)", n)
	}
	if n := countMails(r.Mail, who, "An authenticator app was enabled"); n != 1 {
		t.Errorf("%d notifications delivered, want 1", n)
	}
}

// TestUndeliveredCodeMailsGiveLimitBack: code mails that are never
// delivered do not use up the account's mail limit. With a limit of 3
// mails, three logins during an outage lock the limit; once their codes
// have expired undelivered, the sender gives them up and takes the three
// charges back, so the next login gets a code at once.
func TestUndeliveredCodeMailsGiveLimitBack(t *testing.T) {
	r := newRig(t, func(c *core.Config) {
		c.MailUserLimit = core.Policy{Free: 3, Base: time.Hour, Max: time.Hour, Decay: 24 * time.Hour}
	})
	ctx := context.Background()
	const who = "outage@example.com"
	r.signUp(who)
	r.Mail.SetFault(mailtest.Refuse)
	for i := range 3 {
		if ch := r.login(who); !ch.CodeSent {
			t.Fatalf("login %d during the outage: CodeSent false, want true", i+1)
		}
	}
	if ch := r.login(who); ch.CodeSent {
		t.Fatal("a fourth code mail within the limit of 3 was queued: the limit does not hold")
	}
	r.WaitMailResults(core.MailRetry, 3)

	// The codes expire undelivered: the sender gives their mails up.
	r.Clock.Advance(r.Svc.Config().EmailCodeTTL + time.Second)
	r.WaitMailResults(core.MailGivenUp, 3)
	r.WaitMailBacklog(0)

	r.Mail.SetFault(mailtest.NoFault)
	ch := r.login(who)
	if !ch.CodeSent {
		t.Fatal("after the outage the account's mail limit is still used up by mails never delivered")
	}
	code := r.MailedCode(who)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta); err != nil {
		t.Fatalf("sign in with the code after the outage: %v", err)
	}
}

// TestMailServerStalls: a mail server that accepts connections and never
// answers does not hold up a login, and the sender's attempt ends at
// MailAttemptTimeout and is retried; when the server answers again, the
// code arrives.
func TestMailServerStalls(t *testing.T) {
	r := newRig(t, func(c *core.Config) { c.MailAttemptTimeout = 200 * time.Millisecond })
	ctx := context.Background()
	const who = "stall@example.com"
	r.signUp(who)
	r.Mail.SetFault(mailtest.Stall)
	ch := r.login(who)
	if !ch.CodeSent {
		t.Fatal("login while the mail server stalls: CodeSent false, want true")
	}
	// The attempt is cut off by the timeout (the mailer's own is 15 s,
	// longer than this wait) and recorded as a retry.
	r.WaitMailResults(core.MailRetry, 1)
	if r.Mail.Stalled() < 1 {
		t.Fatal("the sender never connected to the stalled server")
	}
	r.Mail.SetFault(mailtest.NoFault)
	r.DrainMail()
	code := r.MailedCode(who)
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: code}, r.meta); err != nil {
		t.Fatalf("sign in with the code sent after the stall: %v", err)
	}
}

// TestNotificationGivenUpAfterADay: a security notification is retried
// for a day, then given up.
func TestNotificationGivenUpAfterADay(t *testing.T) {
	r := newRig(t)
	const who = "giveup@example.com"
	r.signUp(who)
	p := r.session(who)
	proof := r.proof(p)
	r.Mail.SetFault(mailtest.Refuse)
	r.enableTOTPWith(p, proof)
	r.WaitMailResults(core.MailRetry, 1)
	// Still tried after 23 hours ...
	r.Clock.Advance(23 * time.Hour)
	r.WaitMailResults(core.MailRetry, 2)
	if n := r.MailResults(core.MailGivenUp); n != 0 {
		t.Fatalf("%d mails given up before a day, want none", n)
	}
	// ... and given up after 24.
	r.Clock.Advance(2 * time.Hour)
	r.WaitMailResults(core.MailGivenUp, 1)
	r.WaitMailBacklog(0)
}

// TestTwoInstancesDeliverOnce runs two Services on one PostgreSQL
// database, as two instances of twofa would be, each with its sender:
// every mail queued on either is delivered exactly once, also after one
// instance stops and the other takes over.
func TestTwoInstancesDeliverOnce(t *testing.T) {
	dsn := pgtest.Schema(t)
	ctx := context.Background()
	smtpSrv := mailtest.NewServer(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	key := make([]byte, secret.KeySize)
	rand.Read(key)
	clock := clocktest.New(coretest.Start)
	newInstance := func() *core.Service {
		st, err := postgres.Open(ctx, dsn, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		mailer, err := mail.New(smtpSrv.URL(), "twofa@example.test", log)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := secret.NewKeyring(rand.Reader, key)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := core.New(ctx, core.Deps{
			Store: st, Mailer: mailer, Keys: keys, Clock: clock.Now, Logger: log,
			Hasher: password.NewHasher(coretest.CheapArgon, 2, rand.Reader),
		}, core.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		go svc.RunMailSender(ctx)
		t.Cleanup(svc.Close)
		return svc
	}
	a, b := newInstance(), newInstance()
	instances := []*core.Service{a, b}

	var users []string
	queue := func(from []*core.Service, n int) {
		for i := range n {
			svc := from[i%len(from)]
			email := fmt.Sprintf("u%d@example.com", len(users))
			meta := core.ClientMeta{IP: fmt.Sprintf("192.0.2.%d", len(users)+1), UserAgent: "test"}
			if _, err := svc.SignUp(ctx, core.SignUpInput{Email: email, Password: pw, Name: "U"}, meta); err != nil {
				t.Fatal(err)
			}
			res, err := svc.Login(ctx, core.LoginInput{Email: email, Password: pw}, meta)
			if err != nil || res.Challenge == nil || !res.Challenge.CodeSent {
				t.Fatalf("login %s: %+v, %v; want a challenge with a code sent", email, res, err)
			}
			users = append(users, email)
		}
	}
	// waitDrained waits until svc sees no undelivered mail.
	waitDrained := func(svc *core.Service) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			bl, err := svc.MailBacklog(ctx)
			if err == nil && bl.Count == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("outbox not drained: %+v, %v", bl, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	checkOnce := func() {
		t.Helper()
		for _, u := range users {
			if n := countMails(smtpSrv, u, "verification code"); n != 1 {
				t.Errorf("%s got %d code mails, want exactly 1", u, n)
			}
		}
		if got := len(smtpSrv.Messages()); got != len(users) {
			t.Errorf("%d mails delivered in all, want %d", got, len(users))
		}
	}

	queue(instances, 20)
	waitDrained(a)
	checkOnce()

	// One instance stops (releasing the sender lease if it has it); the
	// other delivers what is queued from now on.
	a.Close()
	queue([]*core.Service{b}, 5)
	waitDrained(b)
	checkOnce()
}

// failingEnqueue fails the queueing of mails of one kind made inside a
// transaction while fail is set.
type failingEnqueue struct {
	core.Store
	fail *atomic.Bool
	kind string
}

func (f failingEnqueue) InTx(ctx context.Context, fn func(core.Store) error) error {
	return f.Store.InTx(ctx, func(tx core.Store) error { return fn(failingEnqueueTx(failingEnqueue{tx, f.fail, f.kind})) })
}

type failingEnqueueTx failingEnqueue

func (t failingEnqueueTx) InTx(ctx context.Context, fn func(core.Store) error) error { return fn(t) }

func (t failingEnqueueTx) EnqueueMail(ctx context.Context, m *core.OutboxMessage) error {
	if t.fail.Load() && m.Kind == t.kind {
		return errInjected
	}
	return t.Store.EnqueueMail(ctx, m)
}

// TestNotificationQueuedWithItsChange: the notification of a security
// change is written in the change's transaction, so a change whose mail
// cannot be queued is not made (and a change that is made always has its
// mail queued).
func TestNotificationQueuedWithItsChange(t *testing.T) {
	fail := new(atomic.Bool)
	r := newRigWith(t, func(s core.Store) core.Store { return failingEnqueue{s, fail, core.MailNotification} })
	ctx := context.Background()
	const who = "txmail@example.com"
	r.signUp(who)
	p := r.session(who)

	fail.Store(true)
	err := r.Svc.ChangePassword(ctx, p, pw, "a brand new passphrase", core.Proof{}, r.meta)
	if !errors.Is(err, errInjected) {
		t.Fatalf("password change whose notification cannot be queued: %v, want the queueing error", err)
	}
	if res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta); err != nil || res.Challenge == nil {
		t.Fatalf("the old password stopped working after a change that failed: %+v, %v", res, err)
	}

	fail.Store(false)
	if err := r.Svc.ChangePassword(ctx, p, pw, "a brand new passphrase", core.Proof{}, r.meta); err != nil {
		t.Fatal(err)
	}
	r.waitSubject(who, "Your password was changed")
}

// TestCodeStoredWithItsMail: an email code and its mail are written in one
// transaction, so a code whose mail cannot be queued does not exist (no
// code nobody was sent waits to be guessed) and costs no mail budget.
func TestCodeStoredWithItsMail(t *testing.T) {
	fail := new(atomic.Bool)
	r := newRigWith(t, func(s core.Store) core.Store { return failingEnqueue{s, fail, core.MailCode} })
	ctx := context.Background()
	const who = "txcode@example.com"
	r.signUp(who)
	p := r.session(who)

	fail.Store(true)
	for range 3 * core.DefaultConfig().MailUserLimit.Free {
		err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail}, r.meta)
		if !errors.Is(err, errInjected) {
			t.Fatalf("step-up code whose mail cannot be queued: %v, want the queueing error", err)
		}
	}
	err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: "123-456"}, r.meta)
	if e, ok := core.AsError(err); !ok || e.Code != core.CodeTwoFactorInvalid || !strings.Contains(e.Message, "no email code was sent") {
		t.Fatalf("a code was stored although its mail was not queued: %v", err)
	}

	fail.Store(false)
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
		t.Fatalf("asking once mail can be queued again: %v", err)
	}
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta); err != nil {
		t.Fatal(err)
	}
}

// TestMailUnderNewerKeyWaits: during a key rotation, an instance that does
// not have the new key yet retries a mail another instance sealed with it,
// rather than giving the mail up.
func TestMailUnderNewerKeyWaits(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twofa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	oldKey, newKey := make([]byte, secret.KeySize), make([]byte, secret.KeySize)
	rand.Read(oldKey)
	rand.Read(newKey)
	smtp := mailtest.NewServer(t)
	clock := clocktest.New(coretest.Start)
	service := func(results chan<- string, keys ...[]byte) *core.Service {
		ring, err := secret.NewKeyring(rand.Reader, keys...)
		if err != nil {
			t.Fatal(err)
		}
		mailer, err := mail.New(smtp.URL(), "twofa@example.test", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		svc, err := core.New(ctx, core.Deps{Store: st, Mailer: mailer, Keys: ring, Clock: clock.Now,
			Hasher: password.NewHasher(coretest.CheapArgon, 0, rand.Reader),
			OnMail: func(r string) { results <- r }}, core.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(svc.Close)
		return svc
	}
	results := make(chan string, 16)
	behind := service(results, oldKey)                      // not given the new key yet
	ahead := service(make(chan string, 16), newKey, oldKey) // seals with the new key
	go behind.RunMailSender(ctx)                            // the only sender

	const who = "rotating@example.com"
	if _, err := ahead.SignUp(ctx, core.SignUpInput{Email: who, Password: pw, Name: "R"}, core.ClientMeta{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ahead.Login(ctx, core.LoginInput{Email: who, Password: pw}, core.ClientMeta{}); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-results:
		if r != core.MailRetry {
			t.Fatalf("a mail sealed with a key this instance lacks: %s, want %s", r, core.MailRetry)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sender made no attempt")
	}
	if b, err := behind.MailBacklog(ctx); err != nil || b.Count != 1 {
		t.Fatalf("MailBacklog = %+v, %v; want the code mail still queued", b, err)
	}
}

// TestSenderWaitsForTheLease: while another instance holds the sender
// lease, this one delivers nothing; once the lease has run out, it takes
// over and delivers what waits.
func TestSenderWaitsForTheLease(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "lease@example.com"
	r.signUp(who)
	// Another instance takes the lease for 5 minutes (less than a code's
	// life), once this rig's own lease (taken at start) has run out on the
	// test clock.
	took := false
	for range 50 {
		r.Clock.Advance(5 * time.Minute)
		now := r.Clock.Now()
		ok, err := r.Store.TakeMailLease(ctx, "another-instance", now, now.Add(5*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if took = ok; took {
			break
		}
	}
	if !took {
		t.Fatal("the other instance never got the lease")
	}
	if ch := r.login(who); !ch.CodeSent {
		t.Fatal("no code queued")
	}
	// The rig's sender polls every second: give it a few rounds.
	time.Sleep(3 * time.Second)
	if n := len(r.Mail.Messages()); n != 0 {
		t.Fatalf("%d mails delivered while another instance held the lease", n)
	}
	r.Clock.Advance(6 * time.Minute)
	r.MailedCode(who)
}
