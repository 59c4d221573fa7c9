package server

import (
	"log/slog"
	"net/http"
	"time"
)

// statusRecorder remembers the status and size of an answer for the
// access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// accessLog writes one line per request: method, path (never the query,
// which is not needed and could carry something private), status, size,
// duration and client address. The line is at debug level (info with
// Options.AccessLog), so a server logging at info spends nothing on it
// unless asked; a 5xx answer or an aborted request is logged at warn
// whatever the level. It also tells the RequestObserver.
func (s *server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.observer.RequestStarted()
		rec := &statusRecorder{ResponseWriter: w}
		completed := false
		// Deferred, so a request aborted by a panic (http.ErrAbortHandler,
		// which recoverPanics passes on) is still counted and ends.
		defer func() {
			took := time.Since(start)
			switch {
			case rec.status != 0:
			case completed: // nothing written: net/http answers 200
				rec.status = http.StatusOK
			default: // aborted before any answer
				rec.status = http.StatusInternalServerError
			}
			// The middleware between here and the ServeMux passes r itself
			// on, so the mux's r.Pattern is visible here.
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			s.observer.RequestDone(route, rec.status, took)
			if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
				return
			}
			// A fault answer is worth a line at any level; a 503 is not:
			// it is how an overloaded or cut-off instance sheds load, and a
			// line per refused request would add to the load (the metrics
			// count them, and the cause is logged once where it arises).
			level := slog.LevelDebug
			if s.accessInfo {
				level = slog.LevelInfo
			}
			if rec.status >= 500 && rec.status != http.StatusServiceUnavailable || !completed {
				level = slog.LevelWarn
			}
			// Asked before the attributes are built, so that nothing is
			// formatted or allocated for a line the handler would drop.
			if !s.log.Enabled(r.Context(), level) {
				return
			}
			attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
				"bytes", rec.bytes, "duration", took.Round(time.Microsecond), "ip", s.clientIP(r)}
			if !completed {
				attrs = append(attrs, "aborted", true)
			}
			s.log.Log(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
		completed = true
	})
}
