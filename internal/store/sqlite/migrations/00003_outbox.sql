-- The outbox: every mail is written here first and delivered by one sender
-- at a time (the holder of the mail_lease row), with retries.

-- +goose Up
CREATE TABLE outbox (
    id              TEXT    NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            BLOB,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    give_up_at      INTEGER NOT NULL,
    charged_keys    TEXT    NOT NULL DEFAULT '', -- newline-separated
    claim           TEXT    NOT NULL DEFAULT '',
    delivered_at    INTEGER NOT NULL DEFAULT 0,
    gave_up_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
-- Undelivered messages by when they are due.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at = 0 AND gave_up_at = 0;

CREATE TABLE mail_lease (
    name       TEXT    NOT NULL PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE mail_lease;
DROP TABLE outbox;
