package metrics_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
	"github.com/twofa-dev/twofa/internal/metrics"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics = %d: %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func expectLines(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, "\n"+l+"\n") {
			t.Errorf("metrics lack the line %q", l)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", text)
	}
}

// TestMailerCounts sends through a real SMTP server on loopback, and to a
// port nobody listens on, and sees one of each counted.
func TestMailerCounts(t *testing.T) {
	m := metrics.New()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	smtpSrv := mailtest.NewServer(t)
	good, err := mail.New(smtpSrv.URL(), "twofa@example.test", log)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	bad, err := mail.New("smtp://"+closed, "twofa@example.test", log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msg := core.Message{To: "a@example.com", Subject: "s", Text: "t"}
	if err := m.Mailer(good).Send(ctx, msg); err != nil {
		t.Fatalf("send through the test SMTP server: %v", err)
	}
	if err := m.Mailer(bad).Send(ctx, msg); err == nil {
		t.Fatal("send to a closed port succeeded")
	}
	expectLines(t, scrape(t, m), `twofa_mails_total{result="sent"} 1`, `twofa_mails_total{result="failed"} 1`)
}

// TestRequestsEventsAndGauges records through each hook and reads the
// result back in the exposition format.
func TestRequestsEventsAndGauges(t *testing.T) {
	m := metrics.New()
	m.RequestStarted()
	m.RequestStarted()
	m.RequestDone("POST /api/v1/login", 401, 30*time.Millisecond)
	m.Event(core.EventSecondFactorFailed)
	m.Event(core.EventSecondFactorFailed)
	m.Event(core.EventAccountLocked)
	m.WatchHasher(func() (int, int) { return 2, 5 })
	m.WatchPool(func() metrics.PoolStats {
		return metrics.PoolStats{MaxOpen: 10, Open: 7, InUse: 6, WaitCount: 3, WaitDuration: 1500 * time.Millisecond}
	})
	expectLines(t, scrape(t, m),
		`twofa_http_requests_in_flight 1`,
		`twofa_http_requests_total{code="401",route="POST /api/v1/login"} 1`,
		`twofa_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="0.025"} 0`,
		`twofa_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="0.05"} 1`,
		`twofa_security_events_total{type="2fa-failed"} 2`,
		`twofa_security_events_total{type="2fa-locked"} 1`,
		`twofa_password_hashes_running 2`,
		`twofa_password_hashes_waiting 5`,
		`twofa_db_connections_max 10`,
		`twofa_db_connections_open 7`,
		`twofa_db_connections_in_use 6`,
		`twofa_db_connection_waits_total 3`,
		`twofa_db_connection_wait_seconds_total 1.5`,
	)
}

// TestOutboxMetrics reads the outbox's backlog through the hook at scrape
// time, counts delivery results, and leaves the gauges out while the
// database does not answer.
func TestOutboxMetrics(t *testing.T) {
	m := metrics.New()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	var fail error
	m.WatchOutbox(func(context.Context) (core.MailBacklog, error) {
		return core.MailBacklog{Count: 3, Oldest: now.Add(-90 * time.Second)}, fail
	}, func() time.Time { return now })
	m.MailDelivery(core.MailSent)
	m.MailDelivery(core.MailRetry)
	m.MailDelivery(core.MailRetry)
	m.MailDelivery(core.MailGivenUp)
	expectLines(t, scrape(t, m),
		`twofa_mail_backlog 3`,
		`twofa_mail_oldest_undelivered_seconds 90`,
		`twofa_mail_deliveries_total{result="sent"} 1`,
		`twofa_mail_deliveries_total{result="retry"} 2`,
		`twofa_mail_deliveries_total{result="given-up"} 1`)
	fail = context.DeadlineExceeded
	if text := scrape(t, m); strings.Contains(text, "twofa_mail_backlog ") {
		t.Errorf("backlog reported while the database fails:\n%s", text)
	}
}
