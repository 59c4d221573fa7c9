package core_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// resetLinkRe finds the token in the link of a reset mail.
var resetLinkRe = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_-]+)`)

var resetSubjectRe = regexp.MustCompile(`^Reset your`)

// forgot asks for a reset link for addr from the client address ip,
// expecting the answer every address gets, and waits until the request's
// work is done and its mail, if any, delivered.
func (r *rig) forgot(addr, ip string) {
	r.t.Helper()
	if err := r.Svc.RequestPasswordReset(context.Background(), addr, core.ClientMeta{IP: ip, UserAgent: "test"}); err != nil {
		r.t.Fatalf("RequestPasswordReset(%q) from %s: %v", addr, ip, err)
	}
	r.Svc.WaitPasswordResets()
	r.WaitMailBacklog(0)
}

// resetToken waits for the next reset mail to addr and returns the token
// of its link.
func (r *rig) resetToken(addr string) string {
	r.t.Helper()
	m := r.WaitMail(addr, resetSubjectRe)
	tok := m.Find(resetLinkRe)
	if tok == "" {
		r.t.Fatalf("no reset link in %q", m.Text)
	}
	return tok
}

// resetMails counts the reset mails delivered to addr so far.
func (r *rig) resetMails(addr string) int {
	n := 0
	for _, m := range r.Mail.Messages() {
		if resetSubjectRe.MatchString(m.Subject) && slices.ContainsFunc(m.To, func(to string) bool { return strings.EqualFold(to, addr) }) {
			n++
		}
	}
	return n
}

// onEachBackend runs fn with a fresh rig on SQLite and on PostgreSQL
// (skipped without TWOFA_TEST_POSTGRES, failed with CI=true).
func onEachBackend(t *testing.T, fn func(t *testing.T, r *rig)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			fn(t, &rig{Rig: b.new(t, nil), t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"}})
		})
	}
}

// eventTypes lists the types of the account's audit events, newest first.
func (r *rig) eventTypes(userID string) []string {
	r.t.Helper()
	evs, err := r.Store.Events(context.Background(), userID, core.EventCursor{}, 200)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

func countOf(list []string, v string) int {
	n := 0
	for _, x := range list {
		if x == v {
			n++
		}
	}
	return n
}

// TestPasswordResetKeepsSecondFactor: an account with an authenticator
// app and a trusted device forgets its password, gets the link by mail
// and sets a new password. Its sessions end, a notice is mailed, the link
// works once, and the next login, with the new password and the once
// trusted device, still asks for the app's code: no session without it.
func TestPasswordResetKeepsSecondFactor(t *testing.T) {
	onEachBackend(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		const who = "forgot@example.com"
		u := r.signUp(who)
		token := r.sessionToken(who)
		p, err := r.Svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		sec, _ := r.enableTOTP(p)
		r.Clock.Advance(30 * time.Second)
		ch := r.login(who)
		trusted, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodTOTP,
			Code: coretest.TOTPCode(t, sec, r.Clock.Now()), RememberDevice: true}, r.meta)
		if err != nil || trusted.DeviceToken == "" {
			t.Fatalf("login remembering the device: %v", err)
		}

		r.forgot(who, "192.0.2.7")
		m := r.WaitMail(who, resetSubjectRe)
		link := r.Svc.Config().BaseURL + "/password/reset?token="
		if !strings.Contains(m.Text, link) || !strings.Contains(m.Text, "30 minutes") {
			t.Fatalf("the reset mail has no link to %s valid 30 minutes: %s", link, m.Text)
		}
		tok := m.Find(resetLinkRe)
		// Only the token's hash is stored.
		if _, err := r.Store.PasswordResetByHash(ctx, tok, r.Clock.Now()); !errors.Is(err, core.ErrNotFound) {
			t.Fatalf("the store finds the link by the token itself: %v", err)
		}
		if _, err := r.Store.PasswordResetByHash(ctx, hashOf(tok), r.Clock.Now()); err != nil {
			t.Fatalf("the store has no link under the token's hash: %v", err)
		}

		const next = "a fresh new passphrase"
		if err := r.Svc.ResetPassword(ctx, tok, next, r.meta); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{token, trusted.Token} {
			if _, err := r.Svc.Authenticate(ctx, s); errCode(err) != core.CodeUnauthenticated {
				t.Fatalf("a session from before the reset still works: %v", err)
			}
		}
		notice := r.WaitMail(who, regexp.MustCompile("^Your password was reset$"))
		if !strings.Contains(notice.Text, "If this was not you") {
			t.Fatalf("the notice does not say what to do: %s", notice.Text)
		}
		if err := r.Svc.ResetPassword(ctx, tok, "yet another passphrase", r.meta); errCode(err) != core.CodeResetTokenInvalid {
			t.Fatalf("the link used a second time: %v, want %s", err, core.CodeResetTokenInvalid)
		}
		if _, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: pw}, r.meta); errCode(err) != core.CodeInvalidCredentials {
			t.Fatalf("the old password: %v", err)
		}
		res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: next, DeviceToken: trusted.DeviceToken}, r.meta)
		if err != nil {
			t.Fatal(err)
		}
		if res.Session != nil || res.Challenge == nil || res.Challenge.Method != core.MethodTOTP {
			t.Fatalf("login after the reset: session %v, challenge %+v; want the app's code asked for", res.Session != nil, res.Challenge)
		}
		r.Clock.Advance(30 * time.Second)
		if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodTOTP,
			Code: coretest.TOTPCode(t, sec, r.Clock.Now())}, r.meta); err != nil {
			t.Fatalf("the app's code after the reset: %v", err)
		}
		evs := r.eventTypes(u.ID)
		if countOf(evs, core.EventPasswordResetRequested) != 1 || countOf(evs, core.EventPasswordReset) != 1 {
			t.Fatalf("audit trail %v: want one %s and one %s", evs, core.EventPasswordResetRequested, core.EventPasswordReset)
		}
	})
}

// recordingStore records the store calls a password-reset request makes,
// and holds every account look-up by address until gate is closed.
type recordingStore struct {
	core.Store
	mu    sync.Mutex
	calls []string
	gate  chan struct{}
}

func (s *recordingStore) add(call string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call)
}

// take returns the calls recorded so far and forgets them.
func (s *recordingStore) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.calls
	s.calls = nil
	return out
}

// limitKind is the limit a record's key belongs to: the key up to its
// colon.
func limitKind(key string) string {
	kind, _, _ := strings.Cut(key, ":")
	return kind
}

func (s *recordingStore) UserByEmail(ctx context.Context, email string) (*core.User, error) {
	s.mu.Lock()
	gate := s.gate
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	s.add("UserByEmail")
	return s.Store.UserByEmail(ctx, email)
}
func (s *recordingStore) UserByID(ctx context.Context, id string) (*core.User, error) {
	s.add("UserByID")
	return s.Store.UserByID(ctx, id)
}
func (s *recordingStore) Throttle(ctx context.Context, key string) (core.Throttle, error) {
	s.add("Throttle " + limitKind(key))
	return s.Store.Throttle(ctx, key)
}
func (s *recordingStore) SwapThrottle(ctx context.Context, old, next core.Throttle) (bool, error) {
	s.add("SwapThrottle " + limitKind(old.Key))
	return s.Store.SwapThrottle(ctx, old, next)
}
func (s *recordingStore) InTx(ctx context.Context, fn func(core.Store) error) error {
	s.add("InTx")
	return s.Store.InTx(ctx, fn)
}
func (s *recordingStore) AddEvent(ctx context.Context, e *core.Event) error {
	s.add("AddEvent")
	return s.Store.AddEvent(ctx, e)
}
func (s *recordingStore) EnqueueMail(ctx context.Context, m *core.OutboxMessage) error {
	s.add("EnqueueMail")
	return s.Store.EnqueueMail(ctx, m)
}

// TestPasswordResetSameWorkForEveryAddress: "Forgot password?" answers
// alike, after the same store calls, for an address with an account, one
// without, and strings that are no address at all; the account is looked
// up only after the answer (the request returns while the look-up is
// held), so the answer's timing cannot tell whether the address has an
// account. Only the known addresses then get a mail.
func TestPasswordResetSameWorkForEveryAddress(t *testing.T) {
	rec := &recordingStore{}
	r := newRigWith(t, func(s core.Store) core.Store { rec.Store = s; return rec })
	const who = "known@example.com"
	r.signUp(who)
	ctx := context.Background()

	for _, empty := range []string{"", "   "} {
		rec.take()
		err := r.Svc.RequestPasswordReset(ctx, empty, r.meta)
		if e, ok := core.AsError(err); !ok || e.Code != core.CodeBadRequest || e.Field != "email" {
			t.Fatalf("RequestPasswordReset(%q) = %v, want bad-request naming email", empty, err)
		}
		if calls := rec.take(); len(calls) != 0 {
			t.Fatalf("an empty address made store calls: %v", calls)
		}
	}

	addrs := []string{who, "nobody@example.com", " KNOWN@Example.com ", "not an address", strings.Repeat("x", 300) + "@example.com"}
	var first []string
	for i, addr := range addrs {
		gate := make(chan struct{})
		rec.mu.Lock()
		rec.gate = gate
		rec.mu.Unlock()
		rec.take()
		done := make(chan error, 1)
		go func() {
			done <- r.Svc.RequestPasswordReset(ctx, addr, core.ClientMeta{IP: fmt.Sprintf("198.51.100.%d", i+1)})
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("RequestPasswordReset(%q) = %v, want nil as for every address", addr, err)
			}
		case <-time.After(10 * time.Second):
			close(gate)
			t.Fatalf("RequestPasswordReset(%q) did not answer while the account look-up was held: "+
				"the answer waits for it, so its timing tells whether the address has an account", addr)
		}
		calls := rec.take()
		close(gate)
		r.Svc.WaitPasswordResets()
		if len(calls) == 0 {
			t.Fatalf("RequestPasswordReset(%q) made no store call before its answer (the client address limit)", addr)
		}
		if i == 0 {
			first = calls
		} else if !slices.Equal(calls, first) {
			t.Fatalf("store calls before the answer differ:\n %q: %v\n %q: %v", addrs[0], first, addr, calls)
		}
	}
	rec.mu.Lock()
	rec.gate = nil
	rec.mu.Unlock()
	r.WaitMailBacklog(0)
	if n := r.resetMails(who); n != 2 {
		t.Fatalf("%d reset mails to %s, want 2 (one for each way of writing it)", n, who)
	}
	if n := len(r.Mail.Messages()); n != 2 {
		t.Fatalf("%d mails in all, want only the 2 to the account", n)
	}
}

// TestPasswordResetLimits: an account gets at most 3 reset mails an hour,
// whoever asks; a client address may ask 20 times an hour, for any
// addresses. Over either limit the answer is the same as ever, and no mail
// goes out.
func TestPasswordResetLimits(t *testing.T) {
	r := newRig(t)
	const who = "limits@example.com"
	u := r.signUp(who)
	for i := range 3 {
		r.forgot(who, fmt.Sprintf("198.51.100.%d", i+1))
	}
	if n := r.resetMails(who); n != 3 {
		t.Fatalf("%d reset mails, want 3", n)
	}
	r.forgot(who, "198.51.100.9")
	if n := r.resetMails(who); n != 3 {
		t.Fatalf("a 4th reset mail within the hour went out (%d in all)", n)
	}
	if n := countOf(r.eventTypes(u.ID), core.EventPasswordResetRequested); n != 3 {
		t.Fatalf("%d reset links recorded, want 3", n)
	}
	r.Clock.Advance(time.Hour)
	r.forgot(who, "198.51.100.9")
	if n := r.resetMails(who); n != 4 {
		t.Fatalf("an hour later the account got no reset mail (%d in all)", n)
	}

	// One client address, asking for 20 addresses without accounts, has
	// used up its hour: its next request, for a real account, mails
	// nothing; a neighbour in the same IPv6 /64 shares its record, another
	// address does not.
	const other = "by-address@example.com"
	r.signUp(other)
	const ip = "2001:db8:1:2::10"
	for i := range 20 {
		r.forgot(fmt.Sprintf("stranger%d@example.com", i), ip)
	}
	r.forgot(other, ip)
	r.forgot(other, "2001:db8:1:2::99")
	if n := r.resetMails(other); n != 0 {
		t.Fatalf("%d reset mails went out past the client address's limit", n)
	}
	r.forgot(other, "2001:db8:1:3::10")
	if n := r.resetMails(other); n != 1 {
		t.Fatalf("another client address got %d reset mails, want 1", n)
	}

	// Cleanup forgets both records once they have been left alone an hour.
	ctx := context.Background()
	keys := []string{"reset-user:" + u.ID, "reset-ip:2001:db8:1:2::/64"}
	for _, key := range keys {
		if th, err := r.Store.Throttle(ctx, key); err != nil || th.Version == 0 {
			t.Fatalf("no limit record %s: %+v, %v", key, th, err)
		}
	}
	r.Clock.Advance(time.Hour + time.Second)
	if _, err := r.Svc.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		if th, err := r.Store.Throttle(ctx, key); err != nil || th.Version != 0 {
			t.Fatalf("Cleanup kept the idle limit record %s: %+v, %v", key, th, err)
		}
	}
}

// TestPasswordResetLink: a link works only while it is the account's
// newest, unused and younger than 30 minutes; a refused password leaves
// it open; an email change closes it.
func TestPasswordResetLink(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "link@example.com"
	r.signUp(who)
	wantInvalid := func(what, tok string) {
		t.Helper()
		if err := r.Svc.CheckPasswordReset(ctx, tok); errCode(err) != core.CodeResetTokenInvalid {
			t.Fatalf("%s: CheckPasswordReset = %v, want %s", what, err, core.CodeResetTokenInvalid)
		}
		if err := r.Svc.ResetPassword(ctx, tok, "a perfectly fine passphrase", r.meta); errCode(err) != core.CodeResetTokenInvalid {
			t.Fatalf("%s: ResetPassword = %v, want %s", what, err, core.CodeResetTokenInvalid)
		}
	}
	if err := r.Svc.ResetPassword(ctx, "", "a perfectly fine passphrase", r.meta); errCode(err) != core.CodeBadRequest {
		t.Fatalf("no token: %v", err)
	}
	wantInvalid("an unknown token", "bm90LWEtdG9rZW4")

	r.forgot(who, "192.0.2.7")
	older := r.resetToken(who)
	r.forgot(who, "192.0.2.7")
	newer := r.resetToken(who)
	wantInvalid("a link replaced by a newer one", older)
	if err := r.Svc.CheckPasswordReset(ctx, newer); err != nil {
		t.Fatalf("the newest link: %v", err)
	}
	for _, bad := range []string{"short", who, "aaaaaaaaaaaaaaa"} {
		err := r.Svc.ResetPassword(ctx, newer, bad, r.meta)
		if e, ok := core.AsError(err); !ok || e.Code != core.CodeBadRequest || e.Field != "password" {
			t.Fatalf("new password %q: %v, want bad-request naming password", bad, err)
		}
	}
	if err := r.Svc.CheckPasswordReset(ctx, newer); err != nil {
		t.Fatalf("a refused password used up the link: %v", err)
	}
	r.Clock.Advance(core.PasswordResetTTL)
	wantInvalid("a link 30 minutes old", newer)

	// An email change closes the links mailed to the old address.
	r.forgot(who, "192.0.2.7")
	tok := r.resetToken(who)
	p := r.session(who)
	const moved = "moved@example.com"
	if _, err := r.Svc.RequestEmailChange(ctx, p, moved, r.proof(p), r.meta); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.ConfirmEmailChange(ctx, p, moved, r.MailedCode(moved), r.meta); err != nil {
		t.Fatal(err)
	}
	wantInvalid("a link to the address the account left", tok)
}

// TestPasswordResetUsedOnce: one link sent by several requests at once
// sets one password, on either store; the others are told it is used.
func TestPasswordResetUsedOnce(t *testing.T) {
	onEachBackend(t, func(t *testing.T, r *rig) {
		ctx := context.Background()
		const who = "race@example.com"
		u := r.signUp(who)
		r.forgot(who, "192.0.2.7")
		tok := r.resetToken(who)
		const n = 8
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = r.Svc.ResetPassword(ctx, tok, fmt.Sprintf("new passphrase number %d", i), r.meta)
			})
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch errCode(err) {
			case "":
				if won >= 0 {
					t.Fatalf("the link set the password twice (requests %d and %d)", won, i)
				}
				won = i
			case core.CodeResetTokenInvalid:
			default:
				t.Fatalf("request %d: %v", i, err)
			}
		}
		if won < 0 {
			t.Fatal("no request set the password")
		}
		if n := countOf(r.eventTypes(u.ID), core.EventPasswordReset); n != 1 {
			t.Fatalf("%d resets recorded, want 1", n)
		}
		res, err := r.Svc.Login(ctx, core.LoginInput{Email: who, Password: fmt.Sprintf("new passphrase number %d", won)}, r.meta)
		if err != nil || res.Challenge == nil {
			t.Fatalf("login with the password that was set: %v", err)
		}
	})
}

// TestPasswordResetIsAtomic injects a failure at every write of a reset
// in turn, on either store: each leaves the account as it was (password,
// sessions, open login, audit trail) and the link still open, and then
// the reset goes through whole.
func TestPasswordResetIsAtomic(t *testing.T) {
	const who = "atomic-reset@example.com"
	ctx := context.Background()
	sc := atomicScenario{"ResetPassword", func(r *rig) (func() error, []string, string) {
		r.signUp(who)
		sessions := []string{r.sessionToken(who), r.sessionToken(who)}
		open := r.login(who)
		r.forgot(who, "192.0.2.7")
		tok := r.resetToken(who)
		return func() error {
			return r.Svc.ResetPassword(ctx, tok, "a brand new passphrase", r.meta)
		}, sessions, open.Token
	}}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			fs := &faultStore{}
			r := &rig{t: t, meta: core.ClientMeta{IP: "192.0.2.1", UserAgent: "test"},
				Rig: b.new(t, func(s core.Store) core.Store { fs.Store = s; return fs })}
			runAtomic(t, r, fs, sc, who, who)
		})
	}
}

// The writes of a password reset, for faultStore.
func (t *faultTx) UsePasswordReset(ctx context.Context, hash string, at time.Time) (*core.PasswordReset, error) {
	if err := t.hit(); err != nil {
		return nil, err
	}
	return t.Store.UsePasswordReset(ctx, hash, at)
}
func (t *faultTx) ClosePasswordResets(ctx context.Context, userID string, at time.Time) error {
	if err := t.hit(); err != nil {
		return err
	}
	return t.Store.ClosePasswordResets(ctx, userID, at)
}

// TestSendPasswordReset: an administrator's SendPasswordReset mails the
// account a link like "Forgot password?" does, closing the earlier ones,
// without the account's limit; the link sets a new password; an unknown
// account is not-found.
func TestSendPasswordReset(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "admin-reset@example.com"
	u := r.signUp(who)
	admin := core.CommandLine()
	var tokens []string
	for range 5 {
		if err := r.Svc.SendPasswordReset(ctx, u.ID, admin); err != nil {
			t.Fatal(err)
		}
		m := r.WaitMail(who, resetSubjectRe)
		if !strings.Contains(m.Text, "An administrator asked") {
			t.Fatalf("the mail does not say who asked: %s", m.Text)
		}
		tokens = append(tokens, m.Find(resetLinkRe))
	}
	for _, tok := range tokens[:4] {
		if err := r.Svc.CheckPasswordReset(ctx, tok); errCode(err) != core.CodeResetTokenInvalid {
			t.Fatalf("an earlier link is still open: %v", err)
		}
	}
	if err := r.Svc.ResetPassword(ctx, tokens[4], "set by the owner", r.meta); err != nil {
		t.Fatal(err)
	}
	evs, err := r.Store.Events(ctx, u.ID, core.EventCursor{}, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == core.EventPasswordResetRequested && e.Detail != "by the command line" {
			t.Fatalf("request recorded as %+v, want the administrator's", e)
		}
	}
	if err := r.Svc.SendPasswordReset(ctx, "u_nobody", admin); errCode(err) != core.CodeNotFound {
		t.Fatalf("an unknown account: %v, want not-found", err)
	}
}

// mailFaultStore fails every outbox write, in a transaction or not, while
// failing is set, as a lost connection at the last write would.
type mailFaultStore struct {
	core.Store
	failing atomic.Bool
}

func (m *mailFaultStore) InTx(ctx context.Context, fn func(core.Store) error) error {
	return m.Store.InTx(ctx, func(tx core.Store) error { return fn(&mailFaultTx{Store: tx, m: m}) })
}

func (m *mailFaultStore) EnqueueMail(ctx context.Context, msg *core.OutboxMessage) error {
	if m.failing.Load() {
		return errInjected
	}
	return m.Store.EnqueueMail(ctx, msg)
}

type mailFaultTx struct {
	core.Store
	m *mailFaultStore
}

func (t *mailFaultTx) InTx(ctx context.Context, fn func(core.Store) error) error { return fn(t) }

func (t *mailFaultTx) EnqueueMail(ctx context.Context, msg *core.OutboxMessage) error {
	if t.m.failing.Load() {
		return errInjected
	}
	return t.Store.EnqueueMail(ctx, msg)
}

// TestPasswordResetLinkIsAtomic: the link, its audit record and its mail
// are written together or not at all. When the mail cannot be queued, the
// account's earlier link stays open, nothing is recorded, and the request
// does not count against the account's limit.
func TestPasswordResetLinkIsAtomic(t *testing.T) {
	fs := &mailFaultStore{}
	r := newRigWith(t, func(s core.Store) core.Store { fs.Store = s; return fs })
	ctx := context.Background()
	const who = "link-tx@example.com"
	u := r.signUp(who)
	admin := core.CommandLine()
	if err := r.Svc.SendPasswordReset(ctx, u.ID, admin); err != nil {
		t.Fatal(err)
	}
	first := r.resetToken(who)

	fs.failing.Store(true)
	if err := r.Svc.SendPasswordReset(ctx, u.ID, admin); !errors.Is(err, errInjected) {
		t.Fatalf("SendPasswordReset with the mail failing = %v, want the injected failure", err)
	}
	r.forgot(who, "198.51.100.1") // answered as ever; its work fails after the answer
	fs.failing.Store(false)
	if err := r.Svc.CheckPasswordReset(ctx, first); err != nil {
		t.Fatalf("a failed request closed the earlier link: %v", err)
	}
	if n := countOf(r.eventTypes(u.ID), core.EventPasswordResetRequested); n != 1 {
		t.Fatalf("%d reset links recorded, want only the one mailed", n)
	}
	for i := range 3 {
		r.forgot(who, fmt.Sprintf("198.51.100.%d", i+2))
	}
	if n := r.resetMails(who); n != 4 {
		t.Fatalf("%d reset mails, want 4: the failed request must not count against the account's 3 an hour", n)
	}
}
