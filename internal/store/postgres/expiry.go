package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// DeleteExpired removes sessions, challenges, email codes and trusted
// devices that expired before now, in one transaction, and returns how many
// rows went.
func (s *Store) DeleteExpired(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		total = 0
		for _, table := range []string{"sessions", "challenges", "email_codes", "trusted_devices", "email_undo"} {
			n, err := exec(ctx, tx, `DELETE FROM `+table+` WHERE expires_at < $1`, now)
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	if err != nil {
		return 0, wrap("delete expired", err)
	}
	return total, nil
}
