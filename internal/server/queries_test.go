package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// queryCounter is a pgx tracer that keeps the statements run on behalf of
// requests whose context it marks (the mail sender's, in the background,
// are not).
type queryCounter struct {
	mu  sync.Mutex
	sql []string
}

type queryCounterKey struct{}

// TraceQueryStart implements pgx.QueryTracer.
func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if ctx.Value(queryCounterKey{}) == c {
		c.mu.Lock()
		c.sql = append(c.sql, strings.Join(strings.Fields(data.SQL), " "))
		c.mu.Unlock()
	}
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// serve sends one request to the handler, marked for c, and returns its
// status and the statements it ran.
func (c *queryCounter) serve(t *testing.T, h http.Handler, path string, headers ...string) (int, []string) {
	t.Helper()
	c.mu.Lock()
	c.sql = nil
	c.mu.Unlock()
	req := httptest.NewRequestWithContext(context.WithValue(t.Context(), queryCounterKey{}, c), "GET", path, nil)
	req.RemoteAddr = "192.0.2.1:40000"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	c.mu.Lock()
	defer c.mu.Unlock()
	return rec.Code, slices.Clone(c.sql)
}

// TestSignedInReadsOneQuery counts the statements PostgreSQL runs for GET
// /api/v1/me and the forward-auth checks: one each (the session, its user
// and the count of recovery codes together), and one more, the last-seen
// update, only once a minute has passed since the last.
func TestSignedInReadsOneQuery(t *testing.T) {
	qc := &queryCounter{}
	st, err := postgres.Open(t.Context(), pgtest.Schema(t), postgres.Options{Tracer: qc})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := envOn(t, coretest.NewOn(t, st, nil), Options{})
	const who = "one-query@example.com"
	e.signUp(who)
	tok := e.loginEmail(who)
	bearer := []string{"Authorization", "Bearer " + tok}
	cookie := []string{"Cookie", sessionCookie + "=" + tok}

	want := func(what string, status int, sql []string, wantStatus, wantQueries int) {
		t.Helper()
		if status != wantStatus || len(sql) != wantQueries {
			t.Errorf("%s: status %d and %d statements, want %d and %d:\n%s",
				what, status, len(sql), wantStatus, wantQueries, strings.Join(sql, "\n"))
		}
	}
	e.Clock.Advance(time.Minute) // last seen at the login
	status, sql := qc.serve(t, e.h, "/api/v1/me", bearer...)
	want("GET /me a minute after the login", status, sql, 200, 2)
	if len(sql) == 2 && !strings.HasPrefix(sql[1], "UPDATE sessions SET last_seen") {
		t.Errorf("GET /me: second statement %q, want the last-seen update", sql[1])
	}
	status, sql = qc.serve(t, e.h, "/api/v1/me", bearer...)
	want("GET /me", status, sql, 200, 1)
	status, sql = qc.serve(t, e.h, "/api/v1/authz/forward-auth", append(cookie,
		"X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com", "X-Forwarded-Uri", "/page")...)
	want("forward-auth", status, sql, 200, 1)
	status, sql = qc.serve(t, e.h, "/api/v1/authz/auth-request", append(cookie,
		"X-Original-URL", "https://app.example.com/page")...)
	want("auth-request", status, sql, 200, 1)
	status, sql = qc.serve(t, e.h, "/api/v1/me", "Authorization", "Bearer not-a-session")
	want("GET /me with an unknown token", status, sql, 401, 1)
	e.Clock.Advance(59 * time.Second)
	status, sql = qc.serve(t, e.h, "/api/v1/authz/forward-auth", append(cookie,
		"X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com", "X-Forwarded-Uri", "/page")...)
	want("forward-auth within the minute", status, sql, 200, 1)
	e.Clock.Advance(time.Second)
	status, sql = qc.serve(t, e.h, "/api/v1/authz/forward-auth", append(cookie,
		"X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com", "X-Forwarded-Uri", "/page")...)
	want("forward-auth a minute after the last touch", status, sql, 200, 2)
}
