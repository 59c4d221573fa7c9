package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
)

// maxBatch bounds how many units of work share one transaction (and one
// commit).
const maxBatch = 64

// errClosed is what a write gets once its Store is closed.
var errClosed = errors.New("sqlite: store is closed")

// errGoexit is what every unit of a batch gets when one of them ended the
// writer's goroutine with runtime.Goexit (t.FailNow in a test does that).
var errGoexit = errors.New("sqlite: a unit of work called runtime.Goexit; its batch was rolled back")

// unit is one unit of work for the writer: fn runs in the batch
// transaction, inside its own savepoint.
type unit struct {
	ctx context.Context
	fn  func(tx *Store) error
	// user marks a unit whose function the caller wrote (InTx): only such
	// a function may call the root Store back (see writer.reentrant).
	user bool
	done chan outcome // buffered: the writer never waits for the caller
}

// outcome is what the caller of a unit gets back once the batch is over.
type outcome struct {
	err      error
	panicked bool
	value    any // the panic's value, when panicked
}

// writer is the one goroutine that writes through a Store root. It takes
// the units that are waiting, runs them in one transaction (one savepoint
// each) and commits once, so that concurrent writes share a commit and
// its fsync.
type writer struct {
	db    *sql.DB // the connections the writer writes on
	stmts *statements
	units chan *unit // waiting units; closed by close
	// mu is held for reading while a unit is sent, for writing by close,
	// so that nothing is sent on units once it is closed.
	mu      sync.RWMutex
	closed  bool
	stopped chan struct{} // closed when the writer has run every unit sent

	// running is the unit the writer runs now (nil between units), for
	// reentrant.
	running atomic.Pointer[runningUnit]

	batches atomic.Int64 // batches begun, for tests
}

// runningUnit is the unit the writer runs now and its Store view.
type runningUnit struct {
	u    *unit
	view *Store
}

// newWriter starts the writer of db.
func newWriter(db *sql.DB) *writer {
	w := &writer{db: db, stmts: newStatements(db), units: make(chan *unit, maxBatch), stopped: make(chan struct{})}
	go w.loop()
	return w
}

// do runs fn as one unit of work and returns its error, or the batch's
// if the batch failed as a whole; a panic in fn is raised again here.
// It waits for the outcome even when ctx ends: fn may still be running.
func (w *writer) do(ctx context.Context, fn func(tx *Store) error, user bool) error {
	if view := w.reentrant(ctx); view != nil {
		return fn(view)
	}
	u := &unit{ctx: ctx, fn: fn, user: user, done: make(chan outcome, 1)}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return errClosed
	}
	w.units <- u
	w.mu.RUnlock()
	o := <-u.done
	if o.panicked {
		panic(o.value)
	}
	return o.err
}

// reentrant returns the view of the running unit when this call comes
// from that unit's own function, with the context its caller gave: an
// InTx function that writes through the root Store instead of the one
// handed to it. Queueing that write would wait for the writer, which
// waits for the function: instead it joins the unit. The context is a
// cheap first test; another goroutine may hold the same context
// (context.Background()), and its write must not join (it would be
// rolled back with the unit), so the call must also come from inside
// call, which only the writer's goroutine runs.
func (w *writer) reentrant(ctx context.Context) *Store {
	r := w.running.Load()
	if r == nil || !r.u.user || !sameContext(r.u.ctx, ctx) || !insideCall() {
		return nil
	}
	return r.view
}

// sameContext reports whether a and b are the same context; contexts of
// a type that cannot be compared are taken as different.
func sameContext(a, b context.Context) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// callEntry is the entry address of call, as the runtime reports it.
var callEntry = runtime.FuncForPC(reflect.ValueOf(call).Pointer()).Entry()

// insideCall reports whether call is on the calling goroutine's stack,
// that is, whether this is the writer's goroutine running a unit. It
// walks the stack (a few microseconds), so reentrant asks it last.
func insideCall() bool {
	var pcs [64]uintptr
	for skip := 2; ; skip += len(pcs) {
		n := runtime.Callers(skip, pcs[:])
		for _, pc := range pcs[:n] {
			// pc is a return address; pc-1 is inside the calling function.
			if f := runtime.FuncForPC(pc - 1); f != nil && f.Entry() == callEntry {
				return true
			}
		}
		if n < len(pcs) {
			return false
		}
	}
}

// close stops the writer once it has run every unit already sent, and
// makes later writes fail with errClosed.
func (w *writer) close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.units)
	}
	w.mu.Unlock()
	<-w.stopped
}

// loop waits for a unit, takes the units waiting behind it (up to
// maxBatch) and runs them as one batch, until units is closed and empty.
func (w *writer) loop() {
	for {
		u, ok := <-w.units
		if !ok {
			close(w.stopped)
			return
		}
		batch := []*unit{u}
	drain:
		for len(batch) < maxBatch {
			select {
			case u, ok := <-w.units:
				if !ok {
					break drain
				}
				batch = append(batch, u)
			default:
				break drain
			}
		}
		w.run(batch)
	}
}

// run runs batch in one write transaction and delivers each unit's
// outcome once the transaction is committed, or the batch's error to
// every unit when the transaction as a whole failed.
func (w *writer) run(batch []*unit) {
	w.batches.Add(1)
	outcomes := make([]outcome, len(batch))
	var tx *sql.Tx
	finished := false
	defer func() {
		if finished {
			return
		}
		// A unit's function ended this goroutine (runtime.Goexit): give
		// up the batch and carry on in a new goroutine.
		w.running.Store(nil)
		if tx != nil {
			tx.Rollback()
		}
		for _, u := range batch {
			u.done <- outcome{err: errGoexit}
		}
		go w.loop()
	}()

	// Not the units' contexts: database/sql rolls a transaction back when
	// the context of its BEGIN ends.
	tx, err := w.db.BeginTx(context.Background(), nil)
	if err != nil {
		w.fail(batch, outcomes, fmt.Errorf("begin: %w", err))
		finished = true
		return
	}
	// A unit alone in its batch needs no savepoint: when it fails, the
	// whole transaction is rolled back instead.
	solo := len(batch) == 1
	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			outcomes[i].err = err // never started
			continue
		}
		var broken error
		outcomes[i], broken = w.runUnit(tx, u, !solo)
		if broken != nil {
			tx.Rollback()
			w.fail(batch, outcomes, broken)
			finished = true
			return
		}
	}
	if solo && outcomes[0].failed() {
		tx.Rollback()
		finished = true
		batch[0].done <- outcomes[0]
		return
	}
	if err := tx.Commit(); err != nil {
		w.fail(batch, outcomes, fmt.Errorf("commit: %w", err))
		finished = true
		return
	}
	finished = true
	for i, u := range batch {
		u.done <- outcomes[i]
	}
}

// fail delivers err to every unit of batch, except that a unit whose
// function panicked gets its panic, to raise again in its caller.
func (w *writer) fail(batch []*unit, outcomes []outcome, err error) {
	for i, u := range batch {
		if outcomes[i].panicked {
			u.done <- outcomes[i]
			continue
		}
		u.done <- outcome{err: err}
	}
}

// runUnit runs u inside a savepoint of tx (if savepoint is set), released
// when u's function succeeds and rolled back when it returns an error or
// panics. broken
// reports that the transaction itself is lost (SQLite rolls a transaction
// back on its own after some errors, I/O errors among them), so that no
// unit of the batch may be acknowledged.
func (w *writer) runUnit(tx *sql.Tx, u *unit, savepoint bool) (o outcome, broken error) {
	bg := context.Background()
	if savepoint {
		if _, err := tx.ExecContext(bg, "SAVEPOINT u"); err != nil {
			return outcome{}, fmt.Errorf("savepoint: %w", err)
		}
	}
	view := &Store{db: w.db, w: w, q: detached{tx, w.stmts}, tx: tx}
	w.running.Store(&runningUnit{u: u, view: view})
	o = call(view, u.fn)
	w.running.Store(nil)
	if !savepoint {
		return o, nil
	}
	if !o.failed() {
		if _, err := tx.ExecContext(bg, "RELEASE u"); err != nil {
			return o, fmt.Errorf("release savepoint: %w", err)
		}
		return o, nil
	}
	if _, err := tx.ExecContext(bg, "ROLLBACK TO u"); err != nil {
		return o, fmt.Errorf("roll back to savepoint after %v: %w", o.failure(), err)
	}
	if _, err := tx.ExecContext(bg, "RELEASE u"); err != nil {
		return o, fmt.Errorf("release savepoint after %v: %w", o.failure(), err)
	}
	return o, nil
}

// call runs fn on view and returns its error, or the value of its panic.
// insideCall looks for it on the stack: it must stay a function of its
// own.
//
//go:noinline
func call(view *Store, fn func(tx *Store) error) (o outcome) {
	defer func() {
		if v := recover(); v != nil {
			o = outcome{panicked: true, value: v}
		}
	}()
	return outcome{err: fn(view)}
}

// failed reports whether the unit's writes must be rolled back.
func (o outcome) failed() bool { return o.err != nil || o.panicked }

// failure describes what made a unit roll back, for errors.
func (o outcome) failure() string {
	if o.panicked {
		return fmt.Sprintf("a panic (%v)", o.value)
	}
	return fmt.Sprintf("an error (%v)", o.err)
}

// detached runs the statements of a batch transaction with the unit's
// context detached from its cancellation: a cancelled statement inside an
// explicit transaction may roll the whole transaction back, and with it
// the other units of the batch.
// Statements run prepared, from the writer's statements.
type detached struct {
	tx    *sql.Tx
	stmts *statements
}

// stmt returns query prepared on the transaction's connection, or nil to
// run it unprepared.
func (d detached) stmt(ctx context.Context, query string) *sql.Stmt {
	if stmt := d.stmts.get(ctx, query); stmt != nil {
		return d.tx.StmtContext(ctx, stmt)
	}
	return nil
}

// ExecContext runs a statement that returns no rows.
func (d detached) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx)
	if stmt := d.stmt(ctx, query); stmt != nil {
		return stmt.ExecContext(ctx, args...)
	}
	return d.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a statement that returns rows.
func (d detached) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx)
	if stmt := d.stmt(ctx, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return d.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a statement that returns at most one row.
func (d detached) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = context.WithoutCancel(ctx)
	if stmt := d.stmt(ctx, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return d.tx.QueryRowContext(ctx, query, args...)
}
