// Package metrics counts what an operator watches in a running twofa and
// serves it in the Prometheus text format: requests by route and status,
// audit events (logins, failed codes, lock-outs), mail deliveries and the
// outbox's backlog, the password hasher's queue and the database pool.
//
// Nothing here changes behaviour; the other packages report to it through
// small hooks (server.RequestObserver, core.Deps.OnEvent, a wrapped
// core.Mailer), so they need not import Prometheus.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/twofa-dev/twofa/internal/core"
)

// Metrics holds twofa's collectors in a registry of its own, with the Go
// runtime and process collectors beside them. It is safe for concurrent
// use.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	events   *prometheus.CounterVec
	mails    *prometheus.CounterVec
	// deliveries counts the outbox's delivery attempts by result.
	deliveries *prometheus.CounterVec
}

// New returns Metrics with every collector registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "twofa_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "twofa_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "twofa_http_requests_in_flight",
			Help: "HTTP requests being answered now.",
		}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "twofa_security_events_total",
			Help: "Audit events recorded, by type (login, 2fa-failed, 2fa-locked, ...).",
		}, []string{"type"}),
		mails: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "twofa_mails_total",
			Help: "Mails handed to the mailer, by result (sent or failed).",
		}, []string{"result"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "twofa_mail_deliveries_total",
			Help: "Delivery attempts of the mail outbox, by result (sent, retry, given-up).",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.events, m.mails, m.deliveries,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// RequestStarted counts a request in flight until RequestDone.
func (m *Metrics) RequestStarted() { m.inFlight.Inc() }

// RequestDone records an answered request. route is the pattern that
// served it ("POST /api/v1/login"), so the label set stays small whatever
// paths clients send.
func (m *Metrics) RequestDone(route string, status int, took time.Duration) {
	m.inFlight.Dec()
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(took.Seconds())
}

// Event counts one audit event; pass it as core.Deps.OnEvent.
func (m *Metrics) Event(typ string) { m.events.WithLabelValues(typ).Inc() }

// Mailer returns next with every delivery counted as sent or failed.
func (m *Metrics) Mailer(next core.Mailer) core.Mailer {
	return countingMailer{next: next, mails: m.mails}
}

type countingMailer struct {
	next  core.Mailer
	mails *prometheus.CounterVec
}

func (c countingMailer) Send(ctx context.Context, msg core.Message) error {
	err := c.next.Send(ctx, msg)
	result := "sent"
	if err != nil {
		result = "failed"
	}
	c.mails.WithLabelValues(result).Inc()
	return err
}
