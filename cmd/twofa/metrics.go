package main

import (
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/metrics"
	"github.com/twofa-dev/twofa/internal/store/postgres"
	"github.com/twofa-dev/twofa/internal/store/sqlite"
)

// poolStats reads the connection pool of either store in the one shape
// metrics exports.
func poolStats(st core.Store) func() metrics.PoolStats {
	switch st := st.(type) {
	case *sqlite.Store:
		return func() metrics.PoolStats {
			s := st.Stats()
			return metrics.PoolStats{MaxOpen: s.MaxOpenConnections, Open: s.OpenConnections, InUse: s.InUse,
				WaitCount: s.WaitCount, WaitDuration: s.WaitDuration}
		}
	case *postgres.Store:
		return func() metrics.PoolStats {
			s := st.Stat()
			return metrics.PoolStats{MaxOpen: int(s.MaxConns()), Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()),
				WaitCount: s.EmptyAcquireCount(), WaitDuration: s.EmptyAcquireWaitTime()}
		}
	}
	return nil
}
