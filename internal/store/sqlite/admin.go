package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// totpOn is true for a row of users with an authenticator app.
const totpOn = `coalesce(length(totp_secret), 0) > 0`

// searchUsersQuery is the statement of SearchUsers and its arguments. The
// address range uses the unique index of email (BINARY collation: byte
// order); the filters are literals, so that the partial index of the
// administrators serves role = 'admin'.
func searchUsersQuery(q core.UserSearch) (string, []any, error) {
	var (
		where []string
		args  []any
	)
	lo, loIncluded, hi := q.Bounds()
	switch {
	case !loIncluded:
		where, args = append(where, `email > ?`), append(args, lo)
	case lo != "":
		where, args = append(where, `email >= ?`), append(args, lo)
	}
	if hi != "" {
		where, args = append(where, `email < ?`), append(args, hi)
	}
	switch q.Role {
	case "":
	case core.RoleAdmin, core.RoleUser:
		where = append(where, `role = '`+q.Role+`'`)
	default:
		return "", nil, fmt.Errorf("unknown role %q", q.Role)
	}
	switch q.SecondFactor {
	case "":
	case core.SecondFactorTOTP:
		where = append(where, totpOn)
	case core.SecondFactorEmailOnly:
		where = append(where, `NOT `+totpOn+` AND email_2fa <> 0`)
	case core.SecondFactorNone:
		where = append(where, `NOT `+totpOn+` AND email_2fa = 0`)
	default:
		return "", nil, fmt.Errorf("unknown second-factor filter %q", q.SecondFactor)
	}
	if q.DisabledOnly {
		where = append(where, `disabled_at <> 0`)
	}
	query := `SELECT ` + userColumns + ` FROM users`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	return query + ` ORDER BY email LIMIT ?`, append(args, q.Limit), nil
}

// SearchUsers returns the accounts q selects, by email.
func (s *Store) SearchUsers(ctx context.Context, q core.UserSearch) ([]core.User, error) {
	query, args, err := searchUsersQuery(q)
	if err != nil {
		return nil, wrap("search users", err)
	}
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap("search users", err)
	}
	defer rows.Close()
	var out []core.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap("search users", err)
		}
		out = append(out, *u)
	}
	return out, wrap("search users", rows.Err())
}

// CountSecondFactors counts every account by its second factors.
func (s *Store) CountSecondFactors(ctx context.Context) (core.SecondFactorCounts, error) {
	var c core.SecondFactorCounts
	err := s.q.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(`+totpOn+`), 0),
		coalesce(sum(NOT `+totpOn+` AND email_2fa <> 0), 0)
		FROM users`).Scan(&c.Accounts, &c.TOTP, &c.EmailOnly)
	return c, wrap("count second factors", err)
}

// microsPerDay is the length of a UTC day in the unit of the time columns.
const microsPerDay = int64(24 * time.Hour / time.Microsecond)

// countEventsByDayQuery is the statement of CountEventsByDay and its
// arguments; the index events_type_at serves it.
func countEventsByDayQuery(typ string, details []string, since time.Time) (string, []any) {
	query := `SELECT at / ? AS day, count(*) FROM events WHERE type = ? AND at >= ?`
	args := []any{microsPerDay, typ, micros(since)}
	if len(details) > 0 {
		query += ` AND detail IN (` + marks(len(details)) + `)`
		for _, d := range details {
			args = append(args, d)
		}
	}
	return query + ` GROUP BY day ORDER BY day`, args
}

// CountEventsByDay counts the events of type typ (with one of details,
// when there are any) at or after since, per UTC day.
func (s *Store) CountEventsByDay(ctx context.Context, typ string, details []string, since time.Time) ([]core.DayCount, error) {
	query, args := countEventsByDayQuery(typ, details, since)
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap("count events by day", err)
	}
	defer rows.Close()
	var out []core.DayCount
	for rows.Next() {
		var day int64
		var c core.DayCount
		if err := rows.Scan(&day, &c.Count); err != nil {
			return nil, wrap("count events by day", err)
		}
		c.Day = time.UnixMicro(day * microsPerDay).UTC()
		out = append(out, c)
	}
	return out, wrap("count events by day", rows.Err())
}

// LatestEvent returns the user's newest event whose type is one of types.
func (s *Store) LatestEvent(ctx context.Context, userID string, types []string) (*core.Event, error) {
	if len(types) == 0 {
		return nil, core.ErrNotFound
	}
	args := []any{userID}
	for _, t := range types {
		args = append(args, t)
	}
	e, err := scanEvent(s.q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE user_id = ? AND type IN (`+marks(len(types))+`) ORDER BY at DESC, id DESC LIMIT 1`, args...))
	if err != nil {
		return nil, wrap("latest event", err)
	}
	return &e, nil
}

// marks is n placeholders, separated by commas.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
