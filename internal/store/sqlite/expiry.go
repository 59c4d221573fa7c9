package sqlite

import (
	"context"
	"time"
)

// expiring lists the tables whose rows DeleteExpired removes once their
// expires_at is past.
var expiring = []string{"sessions", "challenges", "email_codes", "trusted_devices", "email_undo", "password_resets",
	"oidc_auth_requests", "oidc_access_tokens", "oidc_refresh_tokens", "webauthn_ceremonies"}

// DeleteExpired removes sessions, challenges, email codes, trusted
// devices, email undo links, password reset links, OIDC authorization
// requests and OIDC access and refresh tokens that expired before now,
// in one transaction, and returns how many rows went.
func (s *Store) DeleteExpired(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	err := s.write(ctx, func(tx *Store) error {
		total = 0
		for _, table := range expiring {
			res, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE expires_at < ?`, micros(now))
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
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
