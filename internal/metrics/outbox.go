package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/twofa-dev/twofa/internal/core"
)

// backlogTimeout bounds the database query behind the outbox gauges at
// each scrape.
const backlogTimeout = 2 * time.Second

// MailDelivery counts one delivery attempt of the outbox by its result
// (core.MailSent, core.MailRetry, core.MailGivenUp); pass it as
// core.Deps.OnMail.
func (m *Metrics) MailDelivery(result string) { m.deliveries.WithLabelValues(result).Inc() }

// WatchOutbox exports the outbox's backlog, read with backlog at each
// scrape: how many mails wait, and how long the oldest of them has. A
// backlog that grows, or an age above a few minutes, means mail does not
// go out (see the retry and given-up deliveries, and the log).
func (m *Metrics) WatchOutbox(backlog func(context.Context) (core.MailBacklog, error), now func() time.Time) {
	m.reg.MustRegister(outboxCollector{backlog: backlog, now: now})
}

var (
	backlogDesc = prometheus.NewDesc("twofa_mail_backlog",
		"Mails in the outbox not yet delivered nor given up.", nil, nil)
	oldestDesc = prometheus.NewDesc("twofa_mail_oldest_undelivered_seconds",
		"Age of the oldest mail in the outbox not yet delivered nor given up (0: none).", nil, nil)
)

type outboxCollector struct {
	backlog func(context.Context) (core.MailBacklog, error)
	now     func() time.Time
}

func (outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- backlogDesc
	ch <- oldestDesc
}

// Collect reports nothing when the database does not answer, so that a
// scrape shows a gap rather than a made-up zero.
func (c outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), backlogTimeout)
	defer cancel()
	b, err := c.backlog(ctx)
	if err != nil {
		return
	}
	age := 0.0
	if !b.Oldest.IsZero() {
		age = max(c.now().Sub(b.Oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(b.Count))
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age)
}
