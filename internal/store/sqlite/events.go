package sqlite

import (
	"context"

	"github.com/twofa-dev/twofa/internal/core"
)

// AddEvent appends e to the audit trail and sets e.ID.
func (s *Store) AddEvent(ctx context.Context, e *core.Event) error {
	err := s.q.QueryRowContext(ctx, `INSERT INTO events (user_id, type, at, ip, user_agent, detail)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		e.UserID, e.Type, micros(e.At), e.IP, e.UserAgent, e.Detail).Scan(&e.ID)
	return wrap("add event", err)
}

// Events returns the user's newest events, at most limit, newest first
// (by time, then by order of addition). A limit below 1 returns none.
func (s *Store) Events(ctx context.Context, userID string, limit int) ([]core.Event, error) {
	if limit < 1 {
		return nil, nil
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, user_id, type, at, ip, user_agent, detail
		FROM events WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, wrap("list events", err)
	}
	defer rows.Close()
	var list []core.Event
	for rows.Next() {
		var (
			e  core.Event
			at int64
		)
		if err := rows.Scan(&e.ID, &e.UserID, &e.Type, &at, &e.IP, &e.UserAgent, &e.Detail); err != nil {
			return nil, wrap("list events", err)
		}
		e.At = fromMicros(at)
		list = append(list, e)
	}
	return list, wrap("list events", rows.Err())
}
