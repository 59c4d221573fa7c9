package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// totpOn is true for a row of users with an authenticator app.
const totpOn = `coalesce(octet_length(totp_secret), 0) > 0`

// searchUsersQuery is the statement of SearchUsers and its arguments.
// Addresses are compared and ordered in byte order (COLLATE "C"), which
// the index users_email_bytes (and users_admins_bytes for role = 'admin')
// keeps, so a prefix is one range of it whatever the database's collation.
func searchUsersQuery(q core.UserSearch) (string, []any, error) {
	var (
		where []string
		args  []any
	)
	bound := func(op, v string) {
		args = append(args, v)
		where = append(where, `email COLLATE "C" `+op+` $`+strconv.Itoa(len(args)))
	}
	lo, loIncluded, hi := q.Bounds()
	switch {
	case !loIncluded:
		bound(">", lo)
	case lo != "":
		bound(">=", lo)
	}
	if hi != "" {
		bound("<", hi)
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
		where = append(where, `NOT `+totpOn+` AND email_2fa`)
	case core.SecondFactorNone:
		where = append(where, `NOT `+totpOn+` AND NOT email_2fa`)
	default:
		return "", nil, fmt.Errorf("unknown second-factor filter %q", q.SecondFactor)
	}
	if q.DisabledOnly {
		where = append(where, `disabled_at IS NOT NULL`)
	}
	query := `SELECT ` + userColumns + ` FROM users`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	args = append(args, q.Limit)
	return query + ` ORDER BY email COLLATE "C" LIMIT $` + strconv.Itoa(len(args)), args, nil
}

// SearchUsers returns the accounts q selects, by email.
func (s *Store) SearchUsers(ctx context.Context, q core.UserSearch) ([]core.User, error) {
	query, args, err := searchUsersQuery(q)
	if err != nil {
		return nil, wrap("search users", err)
	}
	rows, err := s.q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrap("search users", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.User, error) {
		u, err := scanUser(row)
		if err != nil {
			return core.User{}, err
		}
		return *u, nil
	})
	return list, wrap("search users", err)
}

// CountSecondFactors counts every account by its second factors.
func (s *Store) CountSecondFactors(ctx context.Context) (core.SecondFactorCounts, error) {
	var c core.SecondFactorCounts
	err := s.q.QueryRow(ctx, `SELECT count(*),
		count(*) FILTER (WHERE `+totpOn+`),
		count(*) FILTER (WHERE NOT `+totpOn+` AND email_2fa)
		FROM users`).Scan(&c.Accounts, &c.TOTP, &c.EmailOnly)
	return c, wrap("count second factors", err)
}

// countEventsByDayQuery is the statement of CountEventsByDay and its
// arguments; the index events_type_at serves it.
func countEventsByDayQuery(typ string, details []string, since time.Time) (string, []any) {
	query := `SELECT floor(extract(epoch FROM at) / 86400)::bigint AS day, count(*)
		FROM events WHERE type = $1 AND at >= $2`
	args := []any{typ, since}
	if len(details) > 0 {
		query += ` AND detail = ANY($3)`
		args = append(args, details)
	}
	return query + ` GROUP BY day ORDER BY day`, args
}

// CountEventsByDay counts the events of type typ (with one of details,
// when there are any) at or after since, per UTC day.
func (s *Store) CountEventsByDay(ctx context.Context, typ string, details []string, since time.Time) ([]core.DayCount, error) {
	query, args := countEventsByDayQuery(typ, details, since)
	rows, err := s.q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrap("count events by day", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.DayCount, error) {
		var day int64
		var c core.DayCount
		err := row.Scan(&day, &c.Count)
		c.Day = time.Unix(day*86400, 0).UTC()
		return c, err
	})
	return list, wrap("count events by day", err)
}

// LatestEvent returns the user's newest event whose type is one of types.
func (s *Store) LatestEvent(ctx context.Context, userID string, types []string) (*core.Event, error) {
	e, err := scanEvent(s.q.QueryRow(ctx, `SELECT `+eventColumns+` FROM events
		WHERE user_id = $1 AND type = ANY($2) ORDER BY at DESC, id DESC LIMIT 1`, userID, types))
	if err != nil {
		return nil, wrap("latest event", err)
	}
	return &e, nil
}
