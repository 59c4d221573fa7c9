package core_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestEndSessions: the owner lists their sessions, ends one by its public
// id and then all others; another account cannot end them; each ending is
// audited.
func TestEndSessions(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.signUp("ann@example.com")
	r.signUp("bob@example.com")
	tokMine := r.sessionToken("ann@example.com")
	mine, err := r.Svc.Authenticate(ctx, tokMine)
	if err != nil {
		t.Fatal(err)
	}
	tokA, tokB := r.sessionToken("ann@example.com"), r.sessionToken("ann@example.com")
	bob := r.session("bob@example.com")

	list, err := r.Svc.Sessions(ctx, mine)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("ann has %d sessions listed, want 3", len(list))
	}
	current := 0
	for _, s := range list {
		if s.Current {
			current++
			if s.ID != mine.Session.ID {
				t.Errorf("session %s marked current, want %s", s.ID, mine.Session.ID)
			}
		}
		if s.ID == "" || s.ID == s.TokenHash {
			t.Errorf("session id %q is empty or the token hash", s.ID)
		}
	}
	if current != 1 {
		t.Errorf("%d sessions marked current, want 1", current)
	}

	pa, err := r.Svc.Authenticate(ctx, tokA)
	if err != nil {
		t.Fatal(err)
	}
	// Bob cannot end Ann's session, and learns nothing but "not found".
	if err := r.Svc.EndSession(ctx, bob, pa.Session.ID, r.meta); errCode(err) != core.CodeNotFound {
		t.Fatalf("bob ending ann's session: %v, want not-found", err)
	}
	if _, err := r.Svc.Authenticate(ctx, tokA); err != nil {
		t.Fatalf("ann's session after bob tried to end it: %v", err)
	}
	if err := r.Svc.EndOtherSessions(ctx, bob, r.meta); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.Authenticate(ctx, tokA); err != nil {
		t.Fatalf("ann's session after bob ended his other sessions: %v", err)
	}

	if err := r.Svc.EndSession(ctx, mine, pa.Session.ID, r.meta); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.Authenticate(ctx, tokA); errCode(err) != core.CodeUnauthenticated {
		t.Fatalf("ended session authenticates: %v", err)
	}
	if err := r.Svc.EndSession(ctx, mine, pa.Session.ID, r.meta); errCode(err) != core.CodeNotFound {
		t.Fatalf("ending it again: %v, want not-found", err)
	}
	if err := r.Svc.EndSession(ctx, mine, "", r.meta); errCode(err) != core.CodeBadRequest {
		t.Fatalf("ending no id: %v, want bad-request", err)
	}

	if err := r.Svc.EndOtherSessions(ctx, mine, r.meta); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Svc.Authenticate(ctx, tokB); errCode(err) != core.CodeUnauthenticated {
		t.Fatalf("another session after ending all others: %v", err)
	}
	if _, err := r.Svc.Authenticate(ctx, mine.Session.ID); err == nil {
		t.Fatal("a session id works as a token")
	}
	if _, err := r.Svc.Authenticate(ctx, tokMine); err != nil {
		t.Fatalf("the current session after ending all others: %v", err)
	}

	page, err := r.Svc.Events(ctx, mine, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if e := page.Entries[0]; e.Type != core.EventSessionEnded || e.Count != 2 {
		t.Errorf("newest entry = %s ×%d, want the two session endings", e.Type, e.Count)
	}
}

// TestFailureBurstLeavesTrailInView: 200 wrong passwords from a stranger's
// five addresses, and then alternating wrong passwords and wrong codes,
// become few entries, so the owner's earlier "totp-enabled" stays on the
// first page.
func TestFailureBurstLeavesTrailInView(t *testing.T) {
	r := newRig(t, func(c *core.Config) {
		c.LoginLimit = core.Policy{Free: 1000, Base: time.Minute, Max: time.Hour, Decay: time.Hour}
	})
	ctx := context.Background()
	r.signUp("owner@example.com")
	token := r.sessionToken("owner@example.com")
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	r.enableTOTP(p)
	r.Clock.Advance(time.Minute)
	for i := range 200 {
		meta := core.ClientMeta{IP: fmt.Sprintf("198.51.100.%d", i%5), UserAgent: "stranger"}
		_, err := r.Svc.Login(ctx, core.LoginInput{Email: "owner@example.com", Password: "guess " + fmt.Sprint(i)}, meta)
		if errCode(err) != core.CodeInvalidCredentials {
			t.Fatalf("wrong password %d: %v", i, err)
		}
		r.Clock.Advance(time.Second)
	}
	// A password holder alternates wrong codes and wrong passwords.
	for range 4 {
		ch := r.login("owner@example.com")
		_, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodRecovery, Code: "abcde-fghij"}, r.meta)
		if errCode(err) != core.CodeTwoFactorInvalid {
			t.Fatalf("wrong code: %v", err)
		}
		_, err = r.Svc.Login(ctx, core.LoginInput{Email: "owner@example.com", Password: "wrong"}, r.meta)
		if errCode(err) != core.CodeInvalidCredentials {
			t.Fatalf("wrong password: %v", err)
		}
	}

	page, err := r.Svc.Events(ctx, p, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range page.Entries {
		types = append(types, e.Type)
	}
	if !slices.Contains(types, core.EventTOTPEnabled) {
		t.Fatalf("first page of 5 = %v: the burst pushed totp-enabled out", types)
	}
	burst := page.Entries[0]
	if burst.Type != core.EventLoginFailed || burst.Count != 208 || burst.Addresses != 6 ||
		burst.Counts[core.EventLoginFailed] != 204 || burst.Counts[core.EventSecondFactorFailed] != 4 ||
		!burst.First.Before(burst.At) {
		t.Errorf("burst entry = %+v, want 204 failed logins and 4 wrong codes from 6 addresses, first before last", burst)
	}

	// Every event is on some page exactly once, page by page.
	total, pages := 0, 0
	for before := ""; ; pages++ {
		pg, err := r.Svc.Events(ctx, p, before, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range pg.Entries {
			total += e.Count
		}
		if pg.Next == "" {
			break
		}
		before = pg.Next
	}
	raw, err := r.Store.Events(ctx, p.User.ID, core.EventCursor{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(raw) {
		t.Errorf("pages of 2 entries cover %d events, the trail holds %d", total, len(raw))
	}
	if _, err := r.Svc.Events(ctx, p, "not-a-cursor", 2); errCode(err) != core.CodeBadRequest {
		t.Errorf("a made-up cursor: %v, want bad-request", err)
	}
	if _, err := r.Svc.Events(ctx, p, "", core.MaxEventPage+1); errCode(err) != core.CodeBadRequest {
		t.Errorf("a page over the maximum: %v, want bad-request", err)
	}
}

// TestEventsKeptByTime: Cleanup deletes events older than EventRetention
// and keeps younger ones, however many there are.
func TestEventsKeptByTime(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.signUp("kept@example.com") // a signup event now
	r.Clock.Advance(core.DefaultConfig().EventRetention - time.Hour)
	p := r.session("kept@example.com") // a login event 89 days 23 hours later
	if _, err := r.Svc.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	types := func() []string {
		evs, err := r.Store.Events(ctx, p.User.ID, core.EventCursor{}, 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range evs {
			out = append(out, e.Type)
		}
		return out
	}
	if got := types(); !slices.Contains(got, core.EventSignUp) {
		t.Fatalf("events before retention ran out = %v, want the signup kept", got)
	}
	r.Clock.Advance(2 * time.Hour)
	if _, err := r.Svc.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	got := types()
	if slices.Contains(got, core.EventSignUp) || !slices.Contains(got, core.EventLogin) {
		t.Fatalf("events after 90 days = %v, want the signup gone and the login kept", got)
	}
}

// countingStore counts audit events written and users looked up.
type countingStore struct {
	core.Store
	events, lookups atomic.Int64
}

func (s *countingStore) AddEvent(ctx context.Context, e *core.Event) error {
	s.events.Add(1)
	return s.Store.AddEvent(ctx, e)
}

func (s *countingStore) UserByEmail(ctx context.Context, email string) (*core.User, error) {
	s.lookups.Add(1)
	return s.Store.UserByEmail(ctx, email)
}

// TestUnknownEmailWritesAFailure: a wrong password for an unknown address
// does the same database work as for a known one (one lookup, one event
// written), so the answer's timing does not tell them apart; the event of
// an unknown address belongs to no account.
func TestUnknownEmailWritesAFailure(t *testing.T) {
	var st *countingStore
	r := newRigWith(t, func(s core.Store) core.Store {
		st = &countingStore{Store: s}
		return st
	}, func(c *core.Config) { c.Email2FADefault = false })
	ctx := context.Background()
	r.signUp("known@example.com")
	work := func(email string) [2]int64 {
		e0, l0 := st.events.Load(), st.lookups.Load()
		_, err := r.Svc.Login(ctx, core.LoginInput{Email: email, Password: "not the password"}, r.meta)
		if errCode(err) != core.CodeInvalidCredentials {
			t.Fatalf("login %s: %v", email, err)
		}
		return [2]int64{st.events.Load() - e0, st.lookups.Load() - l0}
	}
	known := work("known@example.com")
	if known != [2]int64{1, 1} {
		t.Fatalf("known address: %d events, %d lookups; want 1, 1", known[0], known[1])
	}
	if unknown := work("nobody@example.com"); unknown != known {
		t.Errorf("unknown address: %d events, %d lookups; want %d, %d as for a known one",
			unknown[0], unknown[1], known[0], known[1])
	}
	evs, err := r.Store.Events(ctx, "", core.EventCursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Type != core.EventLoginFailed || evs[0].IP != r.meta.IP {
		t.Errorf("events of no account = %+v, want one login-failed from %s", evs, r.meta.IP)
	}
}
