package server

import (
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/metrics"
)

// TestObserverRoutes: requests are counted under the route pattern that
// served them, never the path the client sent (which would let anyone
// grow the metrics without bound), and requests refused before routing
// fall under "unmatched".
func TestObserverRoutes(t *testing.T) {
	rig := coretest.New(t, nil)
	m := metrics.New()
	h, err := New(Options{Service: rig.Svc, Logger: rig.Logger, Observer: m})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	send := func(method, path string, header ...string) int {
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, id := range []string{"a1", "b2", "c3"} {
		if got := send("DELETE", "/api/v1/me/devices/"+id); got != 401 {
			t.Fatalf("DELETE a device without a session = %d, want 401", got)
		}
	}
	if got := send("POST", "/api/v1/logout", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); got != 403 {
		t.Fatalf("cross-site POST = %d, want 403", got)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	text := rec.Body.String()
	for _, want := range []string{
		`twofa_http_requests_total{code="401",route="DELETE /api/v1/me/devices/{id}"} 3`,
		`twofa_http_requests_total{code="403",route="unmatched"} 1`,
		`twofa_http_requests_in_flight 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(text, "/a1") {
		t.Error("a client-sent path became a label")
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", text)
	}
}

// TestObserverAbortedRequest: a handler that aborts the connection (panic
// with http.ErrAbortHandler) still ends its request in the metrics, so the
// in-flight gauge comes back to zero.
func TestObserverAbortedRequest(t *testing.T) {
	m := metrics.New()
	s := &server{observer: m, log: slog.New(slog.DiscardHandler)}
	h := s.accessLog(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	})))
	srv := httptest.NewServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	defer srv.Close()
	if resp, err := http.Get(srv.URL + "/x"); err == nil {
		resp.Body.Close()
		t.Fatalf("an aborted request got an answer: %d", resp.StatusCode)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		"twofa_http_requests_in_flight 0",
		`twofa_http_requests_total{code="500",route="unmatched"} 1`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, rec.Body)
		}
	}
}
