package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// mailLeaseName is the one row of mail_lease.
const mailLeaseName = "mail-sender"

// outboxColumns are the columns scanOutbox reads, in its order.
const outboxColumns = `id, kind, recipient, subject, body, created_at, next_attempt_at, attempts,
	last_error, give_up_at, charged_keys, claim, delivered_at, gave_up_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanOutbox(r rowScanner) (core.OutboxMessage, error) {
	var (
		m                                        core.OutboxMessage
		created, next, giveUp, delivered, gaveUp int64
		keys                                     string
	)
	err := r.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Body, &created, &next, &m.Attempts,
		&m.LastError, &giveUp, &keys, &m.Claim, &delivered, &gaveUp)
	if err != nil {
		return core.OutboxMessage{}, err
	}
	m.CreatedAt, m.NextAttemptAt, m.GiveUpAt = fromMicros(created), fromMicros(next), fromMicros(giveUp)
	m.DeliveredAt, m.GaveUpAt = fromMicros(delivered), fromMicros(gaveUp)
	m.ChargedKeys = splitLines(keys)
	return m, nil
}

// EnqueueMail stores m as a new undelivered message.
func (s *Store) EnqueueMail(ctx context.Context, m *core.OutboxMessage) error {
	if err := checkLists(m.ChargedKeys); err != nil {
		return wrap("enqueue mail", err)
	}
	_, err := s.exec(ctx, `INSERT INTO outbox
		(id, kind, recipient, subject, body, created_at, next_attempt_at, give_up_at, charged_keys)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Kind, m.To, m.Subject, blob(m.Body), micros(m.CreatedAt), micros(m.NextAttemptAt),
		micros(m.GiveUpAt), lines(m.ChargedKeys))
	return wrap("enqueue mail", err)
}

// ClaimMail claims up to limit due messages in one UPDATE ... RETURNING;
// SQLite runs one writer at a time, so two claims never overlap.
func (s *Store) ClaimMail(ctx context.Context, claim string, now, until time.Time, limit int) ([]core.OutboxMessage, error) {
	if claim == "" {
		return nil, errors.New("sqlite: claim mail: empty claim")
	}
	var out []core.OutboxMessage
	err := s.write(ctx, func(tx *Store) error {
		out = nil
		rows, err := tx.q.QueryContext(ctx, `UPDATE outbox SET claim = ?, next_attempt_at = ?
			WHERE id IN (SELECT id FROM outbox
				WHERE delivered_at = 0 AND gave_up_at = 0 AND next_attempt_at <= ?
				ORDER BY next_attempt_at, created_at LIMIT ?)
			RETURNING `+outboxColumns, claim, micros(until), micros(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, wrap("claim mail", err)
	}
	return out, nil
}

// MarkMailSent records the delivery of a claimed message.
func (s *Store) MarkMailSent(ctx context.Context, id, claim string, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("mark mail sent", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE outbox
		SET delivered_at = ?, attempts = attempts + 1, claim = '', body = NULL
		WHERE id = ? AND claim = ? AND claim <> '' AND delivered_at = 0 AND gave_up_at = 0`,
		micros(at), id, claim)
	return ok, wrap("mark mail sent", err)
}

// RetryMail records a failed attempt on a claimed message.
func (s *Store) RetryMail(ctx context.Context, id, claim string, next time.Time, lastErr string) (bool, error) {
	ok, err := s.execAny(ctx, `UPDATE outbox
		SET next_attempt_at = ?, attempts = attempts + 1, last_error = ?, claim = ''
		WHERE id = ? AND claim = ? AND claim <> '' AND delivered_at = 0 AND gave_up_at = 0`,
		micros(next), lastErr, id, claim)
	return ok, wrap("retry mail", err)
}

// GiveUpMail stops trying a claimed message.
func (s *Store) GiveUpMail(ctx context.Context, id, claim string, at time.Time, attempted int, lastErr string) (bool, error) {
	if at.IsZero() {
		return false, wrap("give up mail", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE outbox
		SET gave_up_at = ?, attempts = attempts + ?, last_error = ?, claim = '', body = NULL
		WHERE id = ? AND claim = ? AND claim <> '' AND delivered_at = 0 AND gave_up_at = 0`,
		micros(at), attempted, lastErr, id, claim)
	return ok, wrap("give up mail", err)
}

// OutboxMessage returns the message or core.ErrNotFound.
func (s *Store) OutboxMessage(ctx context.Context, id string) (*core.OutboxMessage, error) {
	m, err := scanOutbox(s.q.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("outbox message", err)
	}
	return &m, nil
}

// MailBacklog counts the undelivered messages and finds the oldest.
func (s *Store) MailBacklog(ctx context.Context) (core.MailBacklog, error) {
	var (
		b      core.MailBacklog
		oldest sql.NullInt64
	)
	err := s.q.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM outbox
		WHERE delivered_at = 0 AND gave_up_at = 0`).Scan(&b.Count, &oldest)
	if err != nil {
		return core.MailBacklog{}, wrap("mail backlog", err)
	}
	b.Oldest = fromMicros(oldest.Int64)
	return b, nil
}

// DeleteFinishedMail deletes messages delivered or given up before before.
func (s *Store) DeleteFinishedMail(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.exec(ctx, `DELETE FROM outbox
		WHERE (delivered_at <> 0 AND delivered_at < ?) OR (gave_up_at <> 0 AND gave_up_at < ?)`,
		micros(before), micros(before))
	return n, wrap("delete finished mail", err)
}

// TakeMailLease takes or renews the sender lease in one upsert whose
// condition lets it through only for the holder or over an expired lease.
func (s *Store) TakeMailLease(ctx context.Context, holder string, now, until time.Time) (bool, error) {
	if holder == "" {
		return false, errors.New("sqlite: take mail lease: empty holder")
	}
	ok, err := s.execAny(ctx, `INSERT INTO mail_lease (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE mail_lease.holder = excluded.holder OR mail_lease.expires_at <= ?`,
		mailLeaseName, holder, micros(until), micros(now))
	return ok, wrap("take mail lease", err)
}

// ReleaseMailLease deletes holder's lease.
func (s *Store) ReleaseMailLease(ctx context.Context, holder string) error {
	_, err := s.exec(ctx, `DELETE FROM mail_lease WHERE name = ? AND holder = ?`, mailLeaseName, holder)
	return wrap("release mail lease", err)
}

// ResealMail rewrites the sealed body of every message not yet delivered
// nor given up through fn, in one transaction.
func (s *Store) ResealMail(ctx context.Context, fn func(id string, sealed []byte) ([]byte, error)) (int, error) {
	var count int
	err := s.write(ctx, func(tx *Store) error {
		var err error
		count, err = resealRows(ctx, tx.q, "mail",
			`SELECT id, body FROM outbox
			WHERE body IS NOT NULL AND delivered_at = 0 AND gave_up_at = 0 ORDER BY id`,
			`UPDATE outbox SET body = ? WHERE id = ?`, fn)
		return err
	})
	if err != nil {
		return 0, wrap("reseal mail", err)
	}
	return count, nil
}

// resealRows rewrites sealed values through fn through q: query selects
// the id and the sealed value of each row, update stores the new value
// (its first argument) of the row with that id (its second). what names a
// row in errors. It returns how many values it rewrote.
func resealRows(ctx context.Context, q querier, what, query, update string, fn func(id string, sealed []byte) ([]byte, error)) (int, error) {
	type row struct {
		id     string
		sealed []byte
	}
	var all []row
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.sealed); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for i, r := range all {
		out, err := fn(r.id, r.sealed)
		if err != nil {
			return i, fmt.Errorf("%s %s: %w", what, r.id, err)
		}
		if len(out) == 0 {
			return i, fmt.Errorf("%s %s: resealing gave an empty value", what, r.id)
		}
		if _, err := q.ExecContext(ctx, update, out, r.id); err != nil {
			return i, err
		}
	}
	return len(all), nil
}
