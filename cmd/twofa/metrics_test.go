package main

import (
	"crypto/rand"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

var metricsAddrRe = regexp.MustCompile(`msg="metrics listening" addr=([0-9.:]+)`)

// TestMetrics starts serve with --metrics-addr on each database and scrapes
// /metrics after a few requests: the requests, the hasher and the pool of
// that database are there, and the public address does not serve metrics.
func TestMetrics(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			args := []string{"--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"}
			if db == "postgres" {
				keyFile := filepath.Join(t.TempDir(), "twofa.key")
				if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--db", pgtest.Schema(t), "--secret-key-file", keyFile)
			} else {
				args = append(args, "--db", filepath.Join(t.TempDir(), "twofa.db"))
			}
			var metricsAddr string
			t.Cleanup(func() { // after serve stopped (cleanups run last first)
				if c, err := net.Dial("tcp", metricsAddr); err == nil {
					c.Close()
					t.Errorf("the metrics address %s still accepts connections after serve returned", metricsAddr)
				}
			})
			base, log := startServe(t, args, nil)
			m := metricsAddrRe.FindStringSubmatch(log.String())
			if m == nil {
				t.Fatalf("no metrics address in the log:\n%s", log)
			}
			metricsAddr = m[1]
			if got := status(t, base+"/healthz"); got != 200 {
				t.Fatalf("/healthz = %d", got)
			}
			for _, step := range []struct {
				path, body string
				want       int
			}{
				{"/api/v1/signup", `{"email":"m@example.com","password":"correct horse battery","name":"M"}`, 201},
				{"/api/v1/login", `{"email":"m@example.com","password":"wrong horse battery"}`, 401},
			} {
				resp, err := http.Post(base+step.path, "application/json", strings.NewReader(step.body))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != step.want {
					t.Fatalf("POST %s = %d, want %d", step.path, resp.StatusCode, step.want)
				}
			}
			if got := status(t, base+"/metrics"); got != 404 {
				t.Fatalf("the public address answers /metrics with %d, want 404", got)
			}

			text := scrape(t, "http://"+m[1]+"/metrics")
			for _, want := range []string{
				`twofa_http_requests_total{code="200",route="GET /healthz"} 1`,
				`twofa_http_requests_total{code="401",route="POST /api/v1/login"} 1`,
				`twofa_http_requests_total{code="404",route="/"} 1`,
				`twofa_http_requests_total{code="201",route="POST /api/v1/signup"} 1`,
				`twofa_security_events_total{type="signup"} 1`,
				`twofa_security_events_total{type="login-failed"} 1`,
				`twofa_http_request_duration_seconds_count{route="POST /api/v1/login"} 1`,
				`twofa_password_hashes_running 0`,
				`twofa_password_hashes_waiting 0`,
				map[string]string{"sqlite": `twofa_db_connections_max 0`, "postgres": `twofa_db_connections_max 10`}[db],
				`twofa_db_connection_waits_total `,
				`go_goroutines `,
			} {
				if !strings.Contains(text, want) {
					t.Errorf("/metrics lacks %q", want)
				}
			}
			if t.Failed() {
				t.Logf("/metrics:\n%s", text)
			}
		})
	}
}

// TestProfiles: the --metrics-addr listener serves net/http/pprof at
// /debug/pprof/, and the public address does not.
func TestProfiles(t *testing.T) {
	args := []string{"--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "twofa.db")}
	base, log := startServe(t, args, nil)
	m := metricsAddrRe.FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", log)
	}
	if text := scrape(t, "http://"+m[1]+"/debug/pprof/"); !strings.Contains(text, "goroutine") {
		t.Errorf("/debug/pprof/ on the metrics address lists no goroutine profile:\n%s", text)
	}
	if got := status(t, "http://"+m[1]+"/debug/pprof/goroutine?debug=1"); got != 200 {
		t.Errorf("/debug/pprof/goroutine on the metrics address = %d, want 200", got)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine"} {
		if got := status(t, base+path); got != 404 {
			t.Errorf("the public address answers %s with %d, want 404", path, got)
		}
	}
}

// TestLogLevel: serve writes no access line for a request at the default
// level, and one with TWOFA_LOG_LEVEL=debug.
func TestLogLevel(t *testing.T) {
	for _, level := range []string{"", "debug"} {
		t.Run("level="+level, func(t *testing.T) {
			base, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "twofa.db")},
				map[string]string{"TWOFA_LOG_LEVEL": level})
			if got := status(t, base+"/api/v1/me"); got != 401 {
				t.Fatalf("/api/v1/me = %d, want 401", got)
			}
			if got := status(t, base+"/login"); got != 200 {
				t.Fatalf("/login = %d, want 200", got)
			}
			want := level == "debug"
			deadline := time.Now().Add(5 * time.Second)
			for {
				got := strings.Contains(log.String(), "msg=request") && strings.Contains(log.String(), "path=/login")
				if got == want && (!want || strings.Contains(log.String(), "path=/api/v1/me")) {
					break
				}
				if got && !want || time.Now().After(deadline) {
					t.Fatalf("access lines: %v, want %v:\n%s", got, want, log)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

func scrape(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d: %s", u, resp.StatusCode, body)
	}
	return string(body)
}
