package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// eventColumns are the columns scanEvent reads, in its order.
const eventColumns = `id, user_id, type, at, ip, user_agent, detail`

// scanEvent reads one row of eventColumns.
func scanEvent(row interface{ Scan(...any) error }) (core.Event, error) {
	var (
		e  core.Event
		at int64
	)
	err := row.Scan(&e.ID, &e.UserID, &e.Type, &at, &e.IP, &e.UserAgent, &e.Detail)
	e.At = fromMicros(at)
	return e, err
}

// AddEvent appends e to the audit trail and sets e.ID.
func (s *Store) AddEvent(ctx context.Context, e *core.Event) error {
	var id int64
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `INSERT INTO events (user_id, type, at, ip, user_agent, detail)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			e.UserID, e.Type, micros(e.At), e.IP, e.UserAgent, e.Detail).Scan(&id)
	})
	if err != nil {
		return wrap("add event", err)
	}
	e.ID = id
	return nil
}

// Events returns the user's events older than before (the zero cursor: from
// the newest), at most limit, newest first (by time, then by order of
// addition). A limit below 1 returns none.
func (s *Store) Events(ctx context.Context, userID string, before core.EventCursor, limit int) ([]core.Event, error) {
	if limit < 1 {
		return nil, nil
	}
	query := `SELECT ` + eventColumns + ` FROM events WHERE user_id = ?`
	args := []any{userID}
	if !before.IsZero() {
		query += ` AND (at, id) < (?, ?)`
		args = append(args, micros(before.At), before.ID)
	}
	query += ` ORDER BY at DESC, id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap("list events", err)
	}
	defer rows.Close()
	var list []core.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, wrap("list events", err)
		}
		list = append(list, e)
	}
	return list, wrap("list events", rows.Err())
}

// EventRun sums up the run of the user's events of these types that starts
// at from and goes back in time; ErrNotFound if there is no event at from
// or its type is not one of types.
func (s *Store) EventRun(ctx context.Context, userID string, types []string, from core.EventCursor) (*core.EventRun, error) {
	if len(types) == 0 {
		return nil, core.ErrNotFound
	}
	marks := marks(len(types))
	typeArgs := make([]any, len(types))
	for i, t := range types {
		typeArgs[i] = t
	}
	var run core.EventRun
	q := s.q
	err := func() error {
		last, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events
			WHERE user_id = ? AND at = ? AND id = ? AND type IN (`+marks+`)`,
			append([]any{userID, micros(from.At), from.ID}, typeArgs...)...))
		if err != nil {
			return err
		}
		run.Last = last
		// The run ends (going back) at the newest older event of another type.
		var stopAt, stopID int64 = -1 << 62, 0
		err = q.QueryRowContext(ctx, `SELECT at, id FROM events
			WHERE user_id = ? AND (at, id) < (?, ?) AND type NOT IN (`+marks+`)
			ORDER BY at DESC, id DESC LIMIT 1`,
			append([]any{userID, micros(from.At), from.ID}, typeArgs...)...).Scan(&stopAt, &stopID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		span := ` FROM events WHERE user_id = ? AND (at, id) <= (?, ?) AND (at, id) > (?, ?)`
		spanArgs := []any{userID, micros(from.At), from.ID, stopAt, stopID}
		rows, err := q.QueryContext(ctx, `SELECT type, count(*)`+span+` GROUP BY type`, spanArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		run.Counts = map[string]int{}
		for rows.Next() {
			var (
				typ string
				n   int
			)
			if err := rows.Scan(&typ, &n); err != nil {
				return err
			}
			run.Counts[typ] = n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT ip)`+span, spanArgs...).Scan(&run.Addresses); err != nil {
			return err
		}
		run.First, err = scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+span+` ORDER BY at, id LIMIT 1`, spanArgs...))
		return err
	}()
	if err != nil {
		return nil, wrap("event run", err)
	}
	return &run, nil
}

// DeleteEventsBefore removes every event older than before and returns how
// many went.
func (s *Store) DeleteEventsBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.exec(ctx, `DELETE FROM events WHERE at < ?`, micros(before))
	return n, wrap("delete old events", err)
}
