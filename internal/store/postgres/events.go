package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// AddEvent appends e to the audit trail and sets e.ID.
func (s *Store) AddEvent(ctx context.Context, e *core.Event) error {
	err := s.q.QueryRow(ctx, `INSERT INTO events (user_id, type, at, ip, user_agent, detail)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		e.UserID, e.Type, e.At, e.IP, e.UserAgent, e.Detail).Scan(&e.ID)
	return wrap("add event", err)
}

// Events returns the user's newest events, at most limit, newest first
// (by time, then by order of addition). A limit below 1 returns none.
func (s *Store) Events(ctx context.Context, userID string, limit int) ([]core.Event, error) {
	if limit < 1 {
		return nil, nil
	}
	rows, err := s.q.Query(ctx, `SELECT id, user_id, type, at, ip, user_agent, detail
		FROM events WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, wrap("list events", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.Event, error) {
		var e core.Event
		err := row.Scan(&e.ID, &e.UserID, &e.Type, ts(&e.At), &e.IP, &e.UserAgent, &e.Detail)
		return e, err
	})
	if err != nil {
		return nil, wrap("list events", err)
	}
	return list, nil
}
