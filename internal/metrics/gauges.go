package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// PoolStats is a database connection pool at one instant, whichever driver
// holds it.
type PoolStats struct {
	MaxOpen      int           // the pool's bound on connections; 0: none
	Open         int           // connections open, in use or idle
	InUse        int           // connections running a query or transaction
	WaitCount    int64         // acquisitions that had to wait, since start
	WaitDuration time.Duration // total time spent waiting, since start
}

// WatchPool exports the pool that stats describes, read at each scrape.
// Waits growing while InUse stays at MaxOpen mean the pool is a queue
// (--db-max-conns).
func (m *Metrics) WatchPool(stats func() PoolStats) {
	m.reg.MustRegister(poolCollector(stats))
}

var (
	poolMaxDesc  = prometheus.NewDesc("twofa_db_connections_max", "The database pool's bound on open connections (0: none).", nil, nil)
	poolOpenDesc = prometheus.NewDesc("twofa_db_connections_open", "Database connections open (in use or idle).", nil, nil)
	poolUseDesc  = prometheus.NewDesc("twofa_db_connections_in_use", "Database connections running a query.", nil, nil)
	poolWaitDesc = prometheus.NewDesc("twofa_db_connection_waits_total", "Times a query had to wait for a free database connection.", nil, nil)
	poolSecsDesc = prometheus.NewDesc("twofa_db_connection_wait_seconds_total", "Time spent waiting for a free database connection.", nil, nil)
)

type poolCollector func() PoolStats

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMaxDesc, poolOpenDesc, poolUseDesc, poolWaitDesc, poolSecsDesc} {
		ch <- d
	}
}

func (stats poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := stats()
	ch <- prometheus.MustNewConstMetric(poolMaxDesc, prometheus.GaugeValue, float64(s.MaxOpen))
	ch <- prometheus.MustNewConstMetric(poolOpenDesc, prometheus.GaugeValue, float64(s.Open))
	ch <- prometheus.MustNewConstMetric(poolUseDesc, prometheus.GaugeValue, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(poolWaitDesc, prometheus.CounterValue, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(poolSecsDesc, prometheus.CounterValue, s.WaitDuration.Seconds())
}

// WatchHasher exports the password hasher's load, read at each scrape:
// argon2id computations running, and callers waiting for a slot. A
// waiting count that stays above zero means logins queue for CPU.
func (m *Metrics) WatchHasher(load func() (running, waiting int)) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "twofa_password_hashes_running",
			Help: "argon2id computations in progress.",
		}, func() float64 { r, _ := load(); return float64(r) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "twofa_password_hashes_waiting",
			Help: "Password checks waiting for a free argon2id slot.",
		}, func() float64 { _, w := load(); return float64(w) }),
	)
}
