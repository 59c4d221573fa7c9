-- The outbox: every mail is written here first and delivered by one sender
-- at a time (the holder of the mail_lease row), with retries.

-- +goose Up
CREATE TABLE outbox (
    id              text        NOT NULL PRIMARY KEY,
    kind            text        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            bytea,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text        NOT NULL DEFAULT '',
    give_up_at      timestamptz NOT NULL,
    charged_keys    text[]      NOT NULL DEFAULT '{}',
    claim           text        NOT NULL DEFAULT '',
    delivered_at    timestamptz,
    gave_up_at      timestamptz
);
-- Undelivered messages by when they are due.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;

CREATE TABLE mail_lease (
    name       text        NOT NULL PRIMARY KEY,
    holder     text        NOT NULL,
    expires_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE mail_lease;
DROP TABLE outbox;
