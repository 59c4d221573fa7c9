package logbuf

import (
	"io"
	"sync"
	"time"
)

// Defaults of Options.
const (
	// DefaultInterval is how long a line may wait in the buffer.
	DefaultInterval = 150 * time.Millisecond
	// DefaultSize is how full the buffer gets before it is flushed
	// without waiting for the interval.
	DefaultSize = 32 << 10
	// DefaultLimit is how full the buffer may get: a Write that would pass
	// it flushes the buffer itself first.
	DefaultLimit = 1 << 20
)

// Options tune a Writer; zero fields take the defaults.
type Options struct {
	// Interval is how often the background goroutine flushes.
	Interval time.Duration
	// Size is the buffered byte count that wakes the background goroutine
	// before the interval is up.
	Size int
	// Limit is the most bytes the buffer holds before writers flush it
	// themselves.
	Limit int
}

// Writer is an io.Writer that buffers what it is given and writes it to
// its output from a background goroutine. It is safe for concurrent use;
// each Write reaches the output whole and in the order of the Writes.
type Writer struct {
	out  io.Writer
	opts Options

	// outMu is held while writing to out, so flushes keep their order.
	outMu sync.Mutex

	// mu guards buf, spare and closed.
	mu     sync.Mutex
	buf    []byte
	spare  []byte // the last flushed buffer, reused
	closed bool

	wake      chan struct{}
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// New returns a Writer to out and starts its background goroutine, which
// runs until Close.
func New(out io.Writer, opts Options) *Writer {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Size <= 0 {
		opts.Size = DefaultSize
	}
	if opts.Limit <= 0 {
		opts.Limit = DefaultLimit
	}
	if opts.Limit < opts.Size {
		opts.Limit = opts.Size
	}
	w := &Writer{
		out:  out,
		opts: opts,
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	go w.run()
	return w
}

// Write buffers p; it does not keep p. When the buffer is at its limit it
// first flushes it, and returns the output's error only if that left no
// room. After Close it writes p through at once.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	for len(w.buf) > 0 && len(w.buf)+len(p) > w.opts.Limit && !w.closed {
		w.mu.Unlock()
		err := w.Flush()
		w.mu.Lock()
		if err != nil && len(w.buf)+len(p) > w.opts.Limit {
			w.mu.Unlock()
			return 0, err
		}
	}
	w.buf = append(w.buf, p...)
	full, closed := len(w.buf) >= w.opts.Size, w.closed
	w.mu.Unlock()
	if closed {
		return len(p), w.Flush()
	}
	if full {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}

// Flush writes everything buffered so far to the output before it
// returns. On an error of the output, what it did not take stays buffered,
// ahead of later lines, for the next flush.
func (w *Writer) Flush() error {
	w.outMu.Lock()
	defer w.outMu.Unlock()
	w.mu.Lock()
	data := w.buf
	w.buf, w.spare = w.spare[:0], nil
	w.mu.Unlock()
	if len(data) == 0 {
		w.mu.Lock()
		w.spare = data
		w.mu.Unlock()
		return nil
	}
	n, err := w.out.Write(data)
	if err == nil && n < len(data) {
		err = io.ErrShortWrite
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		left := make([]byte, 0, len(data)-n+len(w.buf))
		left = append(left, data[n:]...)
		w.buf = append(left, w.buf...)
	}
	w.spare = data[:0]
	return err
}

// Close stops the background goroutine and flushes the buffer, returning
// the output's error if that fails. Writes after Close go straight to the
// output. Close may be called more than once.
func (w *Writer) Close() error {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		close(w.stop)
		<-w.done
	})
	return w.Flush()
}

// run flushes every interval, and when a Write fills the buffer, until
// Close. An output error is left to the next flush, and to Close.
func (w *Writer) run() {
	defer close(w.done)
	t := time.NewTicker(w.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
		case <-w.wake:
		}
		_ = w.Flush()
	}
}
