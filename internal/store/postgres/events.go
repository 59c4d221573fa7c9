package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// eventColumns are the columns scanEvent reads, in its order.
const eventColumns = `id, user_id, type, at, ip, user_agent, detail`

// scanEvent reads one row of eventColumns.
func scanEvent(row pgx.Row) (core.Event, error) {
	var e core.Event
	err := row.Scan(&e.ID, &e.UserID, &e.Type, ts(&e.At), &e.IP, &e.UserAgent, &e.Detail)
	return e, err
}

// AddEvent appends e to the audit trail and sets e.ID.
func (s *Store) AddEvent(ctx context.Context, e *core.Event) error {
	err := s.q.QueryRow(ctx, `INSERT INTO events (user_id, type, at, ip, user_agent, detail)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		e.UserID, e.Type, e.At, e.IP, e.UserAgent, e.Detail).Scan(&e.ID)
	return wrap("add event", err)
}

// Events returns the user's events older than before (the zero cursor: from
// the newest), at most limit, newest first (by time, then by order of
// addition). A limit below 1 returns none.
func (s *Store) Events(ctx context.Context, userID string, before core.EventCursor, limit int) ([]core.Event, error) {
	if limit < 1 {
		return nil, nil
	}
	query := `SELECT ` + eventColumns + ` FROM events WHERE user_id = $1`
	args := []any{userID}
	if !before.IsZero() {
		query += ` AND (at, id) < ($3, $4)`
		args = append(args, limit, before.At, before.ID)
	} else {
		args = append(args, limit)
	}
	query += ` ORDER BY at DESC, id DESC LIMIT $2`
	rows, err := s.q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrap("list events", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.Event, error) {
		return scanEvent(row)
	})
	if err != nil {
		return nil, wrap("list events", err)
	}
	return list, nil
}

// EventRun sums up the run of the user's events of these types that starts
// at from and goes back in time; ErrNotFound if there is no event at from
// or its type is not one of types.
func (s *Store) EventRun(ctx context.Context, userID string, types []string, from core.EventCursor) (*core.EventRun, error) {
	if len(types) == 0 {
		return nil, core.ErrNotFound
	}
	var run core.EventRun
	err := func() error {
		last, err := scanEvent(s.q.QueryRow(ctx, `SELECT `+eventColumns+` FROM events
			WHERE user_id = $1 AND at = $2 AND id = $3 AND type = ANY($4)`,
			userID, from.At, from.ID, types))
		if err != nil {
			return err
		}
		run.Last = last
		// The run ends (going back) at the newest older event of another
		// type; with none, at the oldest event.
		stopAt, stopID := time.Unix(0, 0).UTC().AddDate(-100, 0, 0), int64(0)
		err = s.q.QueryRow(ctx, `SELECT at, id FROM events
			WHERE user_id = $1 AND (at, id) < ($2, $3) AND type <> ALL($4)
			ORDER BY at DESC, id DESC LIMIT 1`, userID, from.At, from.ID, types).Scan(&stopAt, &stopID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		span := ` FROM events WHERE user_id = $1 AND (at, id) <= ($2, $3) AND (at, id) > ($4, $5)`
		spanArgs := []any{userID, from.At, from.ID, stopAt, stopID}
		rows, err := s.q.Query(ctx, `SELECT type, count(*)`+span+` GROUP BY type`, spanArgs...)
		if err != nil {
			return err
		}
		run.Counts = map[string]int{}
		var (
			typ string
			n   int
		)
		if _, err := pgx.ForEachRow(rows, []any{&typ, &n}, func() error {
			run.Counts[typ] = n
			return nil
		}); err != nil {
			return err
		}
		if err := s.q.QueryRow(ctx, `SELECT count(DISTINCT ip)`+span, spanArgs...).Scan(&run.Addresses); err != nil {
			return err
		}
		run.First, err = scanEvent(s.q.QueryRow(ctx, `SELECT `+eventColumns+span+` ORDER BY at, id LIMIT 1`, spanArgs...))
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
	n, err := exec(ctx, s.q, `DELETE FROM events WHERE at < $1`, before)
	return n, wrap("delete old events", err)
}
