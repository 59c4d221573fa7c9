package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// DeleteUser deletes the account in one DELETE ... RETURNING; the foreign
// keys (ON DELETE CASCADE) take every row that names it. ErrNotFound if
// there is no such account.
func (s *Store) DeleteUser(ctx context.Context, userID string) (*core.User, error) {
	var u *core.User
	err := s.write(ctx, func(tx *Store) error {
		var err error
		u, err = scanUser(tx.q.QueryRowContext(ctx,
			`DELETE FROM users WHERE id = ? RETURNING `+userColumns, userID))
		return err
	})
	if err != nil {
		return nil, wrap("delete user", err)
	}
	return u, nil
}

// KnownDeviceIDs lists the ids of the user's known devices.
func (s *Store) KnownDeviceIDs(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM known_devices WHERE user_id = ?`, userID)
	if err != nil {
		return nil, wrap("list known devices", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("list known devices", err)
		}
		ids = append(ids, id)
	}
	return ids, wrap("list known devices", rows.Err())
}

// DeleteUserEvents deletes every event of the user but those of the types
// in keep.
func (s *Store) DeleteUserEvents(ctx context.Context, userID string, keep []string) (int64, error) {
	query, args := `DELETE FROM events WHERE user_id = ?`, []any{userID}
	if len(keep) > 0 {
		query += ` AND type NOT IN (?` + strings.Repeat(`, ?`, len(keep)-1) + `)`
		for _, k := range keep {
			args = append(args, k)
		}
	}
	n, err := s.exec(ctx, query, args...)
	return n, wrap("delete user events", err)
}

// DeleteMailTo deletes the messages to recipient that no sender holds at
// now.
func (s *Store) DeleteMailTo(ctx context.Context, recipient string, now time.Time) (int64, error) {
	n, err := s.exec(ctx, `DELETE FROM outbox
		WHERE recipient = ? AND NOT (claim <> '' AND next_attempt_at > ?)`, recipient, micros(now))
	return n, wrap("delete mail", err)
}
