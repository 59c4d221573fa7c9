package logbuf

import (
	"context"
	"log/slog"
	"slices"
)

// Handler returns a handler that passes records to h, which must write to
// w, and flushes w before returning from Handle for every record that must
// not wait in the buffer: those at slog.LevelWarn or above, and those that
// carry an attribute (of the record, or added with WithAttrs) whose key is
// one of urgentKeys.
func (w *Writer) Handler(h slog.Handler, urgentKeys ...string) slog.Handler {
	return &handler{inner: h, w: w, keys: urgentKeys}
}

type handler struct {
	inner slog.Handler
	w     *Writer
	keys  []string
	// urgent is set when WithAttrs added one of keys.
	urgent bool
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	err := h.inner.Handle(ctx, r)
	if h.urgent || r.Level >= slog.LevelWarn || h.carriesKey(r) {
		if ferr := h.w.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h *handler) carriesKey(r slog.Record) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = slices.Contains(h.keys, a.Key)
		return !found
	})
	return found
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.inner = h.inner.WithAttrs(as)
	for _, a := range as {
		c.urgent = c.urgent || slices.Contains(h.keys, a.Key)
	}
	return &c
}

func (h *handler) WithGroup(name string) slog.Handler {
	c := *h
	c.inner = h.inner.WithGroup(name)
	return &c
}
