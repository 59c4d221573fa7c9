package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// DeleteUser deletes the account in one DELETE ... RETURNING; the foreign
// keys (ON DELETE CASCADE) take every row that names it. ErrNotFound if
// there is no such account.
func (s *Store) DeleteUser(ctx context.Context, userID string) (*core.User, error) {
	if !storable(userID) {
		return nil, wrap("delete user", core.ErrNotFound)
	}
	u, err := scanUser(s.q.QueryRow(ctx,
		`DELETE FROM users WHERE id = $1 RETURNING `+userColumns, userID))
	if err != nil {
		return nil, wrap("delete user", err)
	}
	return u, nil
}

// KnownDeviceIDs lists the ids of the user's known devices.
func (s *Store) KnownDeviceIDs(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.q.Query(ctx, `SELECT id FROM known_devices WHERE user_id = $1`, userID)
	if err != nil {
		return nil, wrap("list known devices", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, wrap("list known devices", err)
}

// DeleteUserEvents deletes every event of the user but those of the types
// in keep.
func (s *Store) DeleteUserEvents(ctx context.Context, userID string, keep []string) (int64, error) {
	if keep == nil {
		keep = []string{}
	}
	n, err := exec(ctx, s.q, `DELETE FROM events WHERE user_id = $1 AND type <> ALL($2::text[])`, userID, keep)
	return n, wrap("delete user events", err)
}

// DeleteMailTo deletes the messages to recipient that no sender holds at
// now.
func (s *Store) DeleteMailTo(ctx context.Context, recipient string, now time.Time) (int64, error) {
	n, err := exec(ctx, s.q, `DELETE FROM outbox
		WHERE recipient = $1 AND NOT (claim <> '' AND next_attempt_at > $2)`, recipient, now)
	return n, wrap("delete mail", err)
}
