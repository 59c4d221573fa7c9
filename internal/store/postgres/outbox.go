package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twofa-dev/twofa/internal/core"
)

// mailLeaseName is the one row of mail_lease.
const mailLeaseName = "mail-sender"

// outboxColumns are the columns scanOutbox reads, in its order.
const outboxColumns = `id, kind, recipient, subject, body, created_at, next_attempt_at, attempts,
	last_error, give_up_at, charged_keys, claim, delivered_at, gave_up_at`

// outboxReturning is outboxColumns qualified by the table, for an UPDATE
// that joins another relation.
const outboxReturning = `outbox.id, kind, recipient, subject, body, created_at, next_attempt_at, attempts,
	last_error, give_up_at, charged_keys, claim, delivered_at, gave_up_at`

func scanOutbox(r pgx.Row) (core.OutboxMessage, error) {
	var m core.OutboxMessage
	err := r.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Body, ts(&m.CreatedAt), ts(&m.NextAttemptAt),
		&m.Attempts, &m.LastError, ts(&m.GiveUpAt), &m.ChargedKeys, &m.Claim, ts(&m.DeliveredAt), ts(&m.GaveUpAt))
	if len(m.ChargedKeys) == 0 {
		m.ChargedKeys = nil
	}
	return m, err
}

// EnqueueMail stores m as a new undelivered message.
func (s *Store) EnqueueMail(ctx context.Context, m *core.OutboxMessage) error {
	keys := m.ChargedKeys
	if keys == nil {
		keys = []string{}
	}
	for _, v := range append([]string{m.ID, m.Kind, m.To, m.Subject}, keys...) {
		if !storable(v) {
			return errors.New("postgres: enqueue mail: a field holds a NUL or bytes that are not UTF-8")
		}
	}
	_, err := s.q.Exec(ctx, `INSERT INTO outbox
		(id, kind, recipient, subject, body, created_at, next_attempt_at, give_up_at, charged_keys)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		m.ID, m.Kind, m.To, m.Subject, nullBytes(m.Body), m.CreatedAt, m.NextAttemptAt, m.GiveUpAt, keys)
	return wrap("enqueue mail", err)
}

// ClaimMail claims up to limit due messages in one UPDATE. The rows are
// picked FOR UPDATE SKIP LOCKED, and the UPDATE checks again that each is
// still due, so two senders racing (on any instances) never claim one
// message both.
func (s *Store) ClaimMail(ctx context.Context, claim string, now, until time.Time, limit int) ([]core.OutboxMessage, error) {
	if claim == "" {
		return nil, errors.New("postgres: claim mail: empty claim")
	}
	rows, err := s.q.Query(ctx, `WITH due AS MATERIALIZED (
			SELECT id FROM outbox
			WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $3
			ORDER BY next_attempt_at, created_at LIMIT $4
			FOR UPDATE SKIP LOCKED)
		UPDATE outbox SET claim = $1, next_attempt_at = $2
		FROM due
		WHERE outbox.id = due.id
		  AND delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $3
		RETURNING `+outboxReturning, claim, until, now, limit)
	if err != nil {
		return nil, wrap("claim mail", err)
	}
	defer rows.Close()
	var out []core.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, wrap("claim mail", err)
		}
		out = append(out, m)
	}
	return out, wrap("claim mail", rows.Err())
}

// MarkMailSent records the delivery of a claimed message.
func (s *Store) MarkMailSent(ctx context.Context, id, claim string, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, wrap("mark mail sent", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE outbox
		SET delivered_at = $1, attempts = attempts + 1, claim = '', body = NULL
		WHERE id = $2 AND claim = $3 AND claim <> '' AND delivered_at IS NULL AND gave_up_at IS NULL`,
		at, id, claim)
	return ok, wrap("mark mail sent", err)
}

// RetryMail records a failed attempt on a claimed message.
func (s *Store) RetryMail(ctx context.Context, id, claim string, next time.Time, lastErr string) (bool, error) {
	ok, err := s.execAny(ctx, `UPDATE outbox
		SET next_attempt_at = $1, attempts = attempts + 1, last_error = $2, claim = ''
		WHERE id = $3 AND claim = $4 AND claim <> '' AND delivered_at IS NULL AND gave_up_at IS NULL`,
		next, pgText(lastErr), id, claim)
	return ok, wrap("retry mail", err)
}

// GiveUpMail stops trying a claimed message.
func (s *Store) GiveUpMail(ctx context.Context, id, claim string, at time.Time, attempted int, lastErr string) (bool, error) {
	if at.IsZero() {
		return false, wrap("give up mail", errZeroTime)
	}
	ok, err := s.execAny(ctx, `UPDATE outbox
		SET gave_up_at = $1, attempts = attempts + $2, last_error = $3, claim = '', body = NULL
		WHERE id = $4 AND claim = $5 AND claim <> '' AND delivered_at IS NULL AND gave_up_at IS NULL`,
		at, attempted, pgText(lastErr), id, claim)
	return ok, wrap("give up mail", err)
}

// OutboxMessage returns the message or core.ErrNotFound.
func (s *Store) OutboxMessage(ctx context.Context, id string) (*core.OutboxMessage, error) {
	if !storable(id) {
		return nil, wrap("outbox message", core.ErrNotFound)
	}
	m, err := scanOutbox(s.q.QueryRow(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = $1`, id))
	if err != nil {
		return nil, wrap("outbox message", err)
	}
	return &m, nil
}

// MailBacklog counts the undelivered messages and finds the oldest.
func (s *Store) MailBacklog(ctx context.Context) (core.MailBacklog, error) {
	var b core.MailBacklog
	err := s.q.QueryRow(ctx, `SELECT count(*), min(created_at) FROM outbox
		WHERE delivered_at IS NULL AND gave_up_at IS NULL`).Scan(&b.Count, ts(&b.Oldest))
	if err != nil {
		return core.MailBacklog{}, wrap("mail backlog", err)
	}
	return b, nil
}

// DeleteFinishedMail deletes messages delivered or given up before before.
func (s *Store) DeleteFinishedMail(ctx context.Context, before time.Time) (int64, error) {
	n, err := exec(ctx, s.q, `DELETE FROM outbox WHERE delivered_at < $1 OR gave_up_at < $1`, before)
	return n, wrap("delete finished mail", err)
}

// TakeMailLease takes or renews the sender lease in one upsert whose
// condition lets it through only for the holder or over an expired lease.
func (s *Store) TakeMailLease(ctx context.Context, holder string, now, until time.Time) (bool, error) {
	if holder == "" {
		return false, errors.New("postgres: take mail lease: empty holder")
	}
	ok, err := s.execAny(ctx, `INSERT INTO mail_lease (name, holder, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE mail_lease.holder = excluded.holder OR mail_lease.expires_at <= $4`,
		mailLeaseName, holder, until, now)
	return ok, wrap("take mail lease", err)
}

// ReleaseMailLease deletes holder's lease.
func (s *Store) ReleaseMailLease(ctx context.Context, holder string) error {
	_, err := s.q.Exec(ctx, `DELETE FROM mail_lease WHERE name = $1 AND holder = $2`, mailLeaseName, holder)
	return wrap("release mail lease", err)
}

// pgText makes an error text storable: bytes PostgreSQL text cannot hold
// (NUL, invalid UTF-8) become U+FFFD.
func pgText(s string) string {
	if storable(s) {
		return s
	}
	b := []rune{}
	for _, r := range s {
		if r == 0 {
			r = '\uFFFD'
		}
		b = append(b, r)
	}
	return string(b)
}

// ResealMail rewrites the sealed body of every message not yet delivered
// nor given up through fn, in one transaction that locks those rows.
func (s *Store) ResealMail(ctx context.Context, fn func(id string, sealed []byte) ([]byte, error)) (int, error) {
	var count int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		count, err = resealRows(ctx, tx, "mail",
			`SELECT id, body FROM outbox
			WHERE body IS NOT NULL AND delivered_at IS NULL AND gave_up_at IS NULL
			ORDER BY id FOR UPDATE`,
			`UPDATE outbox SET body = $1 WHERE id = $2`, fn)
		return err
	})
	if err != nil {
		return 0, wrap("reseal mail", err)
	}
	return count, nil
}

// resealRows rewrites sealed values through fn inside tx: query selects
// (and locks) the id and the sealed value of each row, update stores the
// new value ($1) of the row with that id ($2). what names a row in errors.
// It returns how many values it rewrote.
func resealRows(ctx context.Context, tx pgx.Tx, what, query, update string, fn func(id string, sealed []byte) ([]byte, error)) (int, error) {
	type row struct {
		id     string
		sealed []byte
	}
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return 0, err
	}
	all, err := pgx.CollectRows(rows, func(cr pgx.CollectableRow) (row, error) {
		var r row
		err := cr.Scan(&r.id, &r.sealed)
		return r, err
	})
	if err != nil {
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
		if _, err := tx.Exec(ctx, update, out, r.id); err != nil {
			return i, err
		}
	}
	return len(all), nil
}
