package core_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// readCounter counts the calls of the store methods that signed-in reads
// may make, around a real store.
type readCounter struct {
	core.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *readCounter) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

// take returns the calls counted since the last take, and starts again.
func (c *readCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	got := c.calls
	c.calls = map[string]int{}
	return got
}

func (c *readCounter) SessionViewByHash(ctx context.Context, h string, now time.Time) (*core.SessionView, error) {
	c.count("SessionViewByHash")
	return c.Store.SessionViewByHash(ctx, h, now)
}

func (c *readCounter) SessionByHash(ctx context.Context, h string, now time.Time) (*core.Session, error) {
	c.count("SessionByHash")
	return c.Store.SessionByHash(ctx, h, now)
}

func (c *readCounter) UserByID(ctx context.Context, id string) (*core.User, error) {
	c.count("UserByID")
	return c.Store.UserByID(ctx, id)
}

func (c *readCounter) RecoveryCodesLeft(ctx context.Context, id string) (int, error) {
	c.count("RecoveryCodesLeft")
	return c.Store.RecoveryCodesLeft(ctx, id)
}

func (c *readCounter) TouchSession(ctx context.Context, h string, at time.Time) error {
	c.count("TouchSession")
	return c.Store.TouchSession(ctx, h, at)
}

// TestAuthenticateReadsOnce: authenticating a request and answering its
// account state take one read (the session, its user and the count of
// recovery codes together), and a write of the last-seen time only once a
// minute has passed since the last one.
func TestAuthenticateReadsOnce(t *testing.T) {
	rc := &readCounter{calls: map[string]int{}}
	r := newRigWith(t, func(s core.Store) core.Store { rc.Store = s; return rc })
	ctx := context.Background()
	const who = "one-read@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	r.Clock.Advance(time.Minute) // the session was last seen at its login

	me := func() (*core.AccountState, map[string]int) {
		t.Helper()
		rc.take()
		p, err := r.Svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		a, err := r.Svc.Account(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return a, rc.take()
	}
	if _, calls := me(); len(calls) != 2 || calls["SessionViewByHash"] != 1 || calls["TouchSession"] != 1 {
		t.Errorf("first request a minute after the login: calls %v, want one SessionViewByHash and one TouchSession", calls)
	}
	r.Clock.Advance(59 * time.Second)
	if _, calls := me(); len(calls) != 1 || calls["SessionViewByHash"] != 1 {
		t.Errorf("request within the minute: calls %v, want one SessionViewByHash only", calls)
	}
	r.Clock.Advance(time.Second)
	if _, calls := me(); calls["TouchSession"] != 1 {
		t.Errorf("request a minute after the last touch: calls %v, want a TouchSession", calls)
	}
}

// TestAccountCountsAfterChange: within one request, an Account after
// something that used or replaced recovery codes counts them again rather
// than trusting the count read with the session.
func TestAccountCountsAfterChange(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "recount@example.com"
	r.signUp(who)
	token := r.sessionToken(who)
	p, err := r.Svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	left := func(what string, want int) {
		t.Helper()
		a, err := r.Svc.Account(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if a.RecoveryLeft != want {
			t.Errorf("%s: RecoveryLeft = %d, want %d", what, a.RecoveryLeft, want)
		}
	}
	left("before any codes", 0)
	_, codes := r.enableTOTP(p) // the same Principal, as in one request
	n := len(codes)
	left("after enabling TOTP", n)

	if p, err = r.Svc.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	left("a new request", n)
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodRecovery, Code: codes[0]}, r.meta); err != nil {
		t.Fatal(err)
	}
	left("after a recovery code as proof", n-1)
	if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodRecovery, Code: codes[0]}, r.meta); err == nil {
		t.Fatal("a used recovery code was accepted again")
	}
	left("after a refused code", n-1)
}
