package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// unavailableRetry is the Retry-After of an unavailable answer: long
// enough for a restarting database or a failover, short enough that a
// user retrying by hand is not kept waiting.
const unavailableRetry = 5 * time.Second

// unavailable answers a request that failed because the database cannot
// be reached (core.ErrUnavailable): 503 with Retry-After, in JSON for the
// API and on the error page for the web pages. It is logged as a warning,
// not as an internal error: nothing in twofa is broken, and the request
// may be sent again.
func (s *server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	secs := int(unavailableRetry.Seconds())
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	if isAPI(r) {
		writeJSON(w, http.StatusServiceUnavailable, errorBody{
			Error:      core.CodeUnavailable,
			Message:    apiMessage(r, core.Errorf(core.CodeUnavailable, "the database cannot be reached; nothing was done, try again in %d seconds", secs)),
			RetryAfter: secs,
		})
		return
	}
	// No session lookup for the page: the database is what is missing.
	s.render(w, r, http.StatusServiceUnavailable, "error", &view{
		Title: http.StatusText(http.StatusServiceUnavailable),
		Data:  newText("twofa cannot reach its database just now, so nothing was done. Try again in a few seconds."),
	})
}
