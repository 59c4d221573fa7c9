package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// unitResult is what a unit's caller got: an error, or a panic it caught.
type unitResult struct {
	err      error
	panicked any
}

// String describes the outcome, for test failures.
func (r unitResult) String() string {
	if r.panicked != nil {
		return fmt.Sprintf("panic %v", r.panicked)
	}
	return fmt.Sprintf("error %v", r.err)
}

// submit calls s.write(ctx, fn) from a new goroutine and hands back what
// it returned, or the panic it raised.
func submit(s *Store, ctx context.Context, fn func(tx *Store) error) <-chan unitResult {
	ch := make(chan unitResult, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				ch <- unitResult{panicked: v}
			}
		}()
		ch <- unitResult{err: s.write(ctx, fn)}
	}()
	return ch
}

// result waits (a while) for the outcome of a unit.
func result(t *testing.T, what string, ch <-chan unitResult) unitResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no outcome after 30s", what)
		return unitResult{}
	}
}

// waitQueued waits until n units wait for the writer.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(s.w.units) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d units queued, want %d", len(s.w.units), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// holdWriter keeps the writer busy with a unit that waits until release
// is called, so that the units sent meanwhile queue up.
func holdWriter(t *testing.T, s *Store) (release func()) {
	t.Helper()
	started, proceed := make(chan struct{}), make(chan struct{})
	done := submit(s, t.Context(), func(*Store) error {
		close(started)
		<-proceed
		return nil
	})
	<-started
	return func() {
		close(proceed)
		if r := result(t, "the unit holding the writer", done); r.err != nil || r.panicked != nil {
			t.Errorf("the unit holding the writer: %+v", r)
		}
	}
}

// put writes name into settings through tx.
func put(ctx context.Context, tx *Store, name string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, X'78')`, name)
	return err
}

// wantSetting checks whether a row named name is stored.
func wantSetting(t *testing.T, s *Store, name string, want bool) {
	t.Helper()
	_, err := s.Setting(t.Context(), name)
	switch {
	case err == nil && !want:
		t.Errorf("row %s was committed, want it rolled back", name)
	case errors.Is(err, core.ErrNotFound) && want:
		t.Errorf("row %s is missing, want it committed", name)
	case err != nil && !errors.Is(err, core.ErrNotFound):
		t.Errorf("reading row %s: %v", name, err)
	}
}

func openTemp(t *testing.T) *Store {
	return openFile(t, filepath.Join(t.TempDir(), "twofa.db"), Options{})
}

// TestBatchOneUnitFails queues three units behind a busy writer, the
// middle one writing and then failing, by returning an error or by
// panicking: it rolls back alone, its own caller gets its error or its
// panic, the other two commit, and the three shared one transaction.
func TestBatchOneUnitFails(t *testing.T) {
	failC := errors.New("C fails")
	for _, tc := range []struct {
		name string
		fail func() error
		want func(r unitResult) bool
	}{
		{"error", func() error { return failC }, func(r unitResult) bool { return r.err == failC }},
		{"panic", func() error { panic("half-way") }, func(r unitResult) bool { return r.panicked == "half-way" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			ctx := t.Context()
			release := holdWriter(t, s)
			before := s.w.batches.Load()

			b := submit(s, ctx, func(tx *Store) error { return put(ctx, tx, "b") })
			waitQueued(t, s, 1)
			c := submit(s, ctx, func(tx *Store) error {
				if err := put(ctx, tx, "c"); err != nil {
					return err
				}
				return tc.fail()
			})
			waitQueued(t, s, 2)
			d := submit(s, ctx, func(tx *Store) error { return put(ctx, tx, "d") })
			waitQueued(t, s, 3)
			release()

			if r := result(t, "B", b); r.err != nil || r.panicked != nil {
				t.Errorf("B: %v, want nil", r)
			}
			if r := result(t, "C", c); !tc.want(r) {
				t.Errorf("C: %v, want its own %s", r, tc.name)
			}
			if r := result(t, "D", d); r.err != nil || r.panicked != nil {
				t.Errorf("D: %v, want nil", r)
			}
			if n := s.w.batches.Load() - before; n != 1 {
				t.Errorf("B, C and D ran in %d batches, want 1", n)
			}
			wantSetting(t, s, "b", true)
			wantSetting(t, s, "c", false)
			wantSetting(t, s, "d", true)
		})
	}
}

// TestUnitContextCancelled cancels a unit's context while the unit runs,
// between two statements and then with one running: the statements, the
// unit and the rest of its batch carry on and commit, since the batch's
// statements ignore cancellation.
func TestUnitContextCancelled(t *testing.T) {
	s := openTemp(t)
	release := holdWriter(t, s)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var count int64
	a := submit(s, ctx, func(tx *Store) error {
		if err := put(ctx, tx, "a1"); err != nil {
			return err
		}
		cancel()
		if err := put(ctx, tx, "a2"); err != nil {
			return err
		}
		// A statement that runs a while, cancelled as it runs.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		time.AfterFunc(time.Millisecond, cancel)
		return tx.q.QueryRowContext(ctx, `WITH RECURSIVE c(x) AS
			(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)
			SELECT count(*) FROM c`).Scan(&count)
	})
	waitQueued(t, s, 1)
	b := submit(s, t.Context(), func(tx *Store) error { return put(t.Context(), tx, "b") })
	waitQueued(t, s, 2)
	release()

	if r := result(t, "A", a); r.err != nil || r.panicked != nil {
		t.Errorf("A, whose context was cancelled while it ran: %v, want nil", r)
	}
	if count != 20000 {
		t.Errorf("the cancelled statement counted %d rows, want 20000", count)
	}
	if r := result(t, "B", b); r.err != nil || r.panicked != nil {
		t.Errorf("B: %v, want nil", r)
	}
	for _, name := range []string{"a1", "a2", "b"} {
		wantSetting(t, s, name, true)
	}
}

// TestUnitContextDoneBeforeStart: a unit whose context ended while it
// waited is not run, and its caller gets the context's error.
func TestUnitContextDoneBeforeStart(t *testing.T) {
	s := openTemp(t)
	release := holdWriter(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	a := submit(s, ctx, func(tx *Store) error { return put(ctx, tx, "a") })
	waitQueued(t, s, 1)
	cancel()
	release()
	if r := result(t, "A", a); !errors.Is(r.err, context.Canceled) {
		t.Errorf("A: %v, want context.Canceled", r)
	}
	wantSetting(t, s, "a", false)
}

// TestRootWriteInsideUnit: an InTx function that writes through the root
// Store, with its own context, joins its transaction instead of waiting for
// the writer, which waits for it.
func TestRootWriteInsideUnit(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	u := &core.User{ID: "u", Email: "u@example.com", PasswordHash: "h", CreatedAt: when}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	for _, tc := range []struct {
		hash string
		ret  error
		want string
	}{{"joined", nil, "joined"}, {"rolled-back", boom, "joined"}} {
		done := make(chan error, 1)
		go func() {
			done <- s.InTx(ctx, func(core.Store) error {
				if err := s.SetPassword(ctx, "u", tc.hash, when); err != nil {
					return err
				}
				return tc.ret
			})
		}()
		select {
		case err := <-done:
			if err != tc.ret {
				t.Errorf("InTx returned %v, want %v", err, tc.ret)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("InTx whose function writes through the root Store is stuck")
		}
		got, err := s.UserByID(ctx, "u")
		if err != nil {
			t.Fatal(err)
		}
		if got.PasswordHash != tc.want {
			t.Errorf("after a root write of %q in InTx returning %v: password hash %q, want %q",
				tc.hash, tc.ret, got.PasswordHash, tc.want)
		}
	}
}

// TestSameContextOtherGoroutine: a write from another goroutine with the
// context of the running unit does not join it (it would be rolled back
// with it) but waits for a batch of its own.
func TestSameContextOtherGoroutine(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	inside, proceed := make(chan struct{}), make(chan struct{})
	boom := errors.New("boom")
	done := make(chan error, 1)
	go func() {
		done <- s.InTx(ctx, func(tx core.Store) error {
			if err := tx.ReplaceSetting(ctx, "a", []byte("x")); err != nil {
				return err
			}
			close(inside)
			<-proceed
			return boom
		})
	}()
	<-inside
	other := make(chan error, 1)
	go func() { other <- s.ReplaceSetting(ctx, "b", []byte("x")) }()
	waitQueued(t, s, 1)
	close(proceed)
	if err := <-done; err != boom {
		t.Errorf("InTx returned %v, want its function's error", err)
	}
	if err := <-other; err != nil {
		t.Errorf("the other goroutine's write: %v", err)
	}
	wantSetting(t, s, "a", false)
	wantSetting(t, s, "b", true)
}

// TestGoexitInUnit: a unit that ends the writer's goroutine (as t.FailNow
// would) fails its batch without stopping the Store.
func TestGoexitInUnit(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	r := result(t, "the unit calling Goexit", submit(s, ctx, func(tx *Store) error {
		if err := put(ctx, tx, "gone"); err != nil {
			return err
		}
		runtime.Goexit()
		return nil
	}))
	if !errors.Is(r.err, errGoexit) {
		t.Errorf("the unit calling Goexit: %v, want errGoexit", r)
	}
	wantSetting(t, s, "gone", false)
	if err := s.ReplaceSetting(ctx, "after", []byte("x")); err != nil {
		t.Fatalf("write after a Goexit: %v", err)
	}
	wantSetting(t, s, "after", true)
}

// TestWriteAfterClose: writes on a closed Store fail and say why.
func TestWriteAfterClose(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "twofa.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceSetting(ctx, "a", []byte("x")); !errors.Is(err, errClosed) {
		t.Errorf("ReplaceSetting after Close: %v, want %v", err, errClosed)
	}
	if err := s.InTx(ctx, func(core.Store) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("InTx after Close: %v, want %v", err, errClosed)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
