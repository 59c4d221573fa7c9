-- Instants are timestamptz. Optional ones ("never used", "never seen") are
-- NULL when unset; required ones (created_at, expires_at, at) are NOT NULL.
-- Hashes and sealed secrets are bytea, tokens' hashes and ids text.

-- +goose Up
CREATE TABLE users (
    id                  text        NOT NULL PRIMARY KEY,
    email               text        NOT NULL UNIQUE,
    name                text        NOT NULL DEFAULT '',
    password_hash       text        NOT NULL,
    created_at          timestamptz NOT NULL,
    email_2fa           boolean     NOT NULL DEFAULT false,
    totp_secret         bytea,
    totp_pending        bytea,
    totp_last_step      bigint      NOT NULL DEFAULT 0,
    password_changed_at timestamptz
);

CREATE TABLE recovery_codes (
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    token_hash       text        NOT NULL PRIMARY KEY,
    user_id          text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    last_seen        timestamptz,
    second_factor_at timestamptz,
    ip               text        NOT NULL DEFAULT '',
    user_agent       text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE challenges (
    token_hash text        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    used_at    timestamptz,
    ip         text        NOT NULL DEFAULT '',
    user_agent text        NOT NULL DEFAULT ''
);
CREATE INDEX challenges_user_id ON challenges (user_id);
CREATE INDEX challenges_expires_at ON challenges (expires_at);

-- One live code per user and purpose: creating a code replaces the last one.
CREATE TABLE email_codes (
    id         text        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text        NOT NULL,
    code_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    used_at    timestamptz,
    target     text        NOT NULL DEFAULT '',
    UNIQUE (user_id, purpose)
);
CREATE INDEX email_codes_expires_at ON email_codes (expires_at);

-- seq orders devices created at the same instant by when they were added.
CREATE TABLE trusted_devices (
    id         text        NOT NULL PRIMARY KEY,
    seq        bigserial   NOT NULL,
    token_hash text        NOT NULL UNIQUE,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    last_used  timestamptz,
    ip         text        NOT NULL DEFAULT '',
    user_agent text        NOT NULL DEFAULT ''
);
CREATE INDEX trusted_devices_user_id ON trusted_devices (user_id, created_at);
CREATE INDEX trusted_devices_expires_at ON trusted_devices (expires_at);

CREATE TABLE throttles (
    key          text        NOT NULL PRIMARY KEY,
    failures     integer     NOT NULL DEFAULT 0,
    last_failure timestamptz,
    locked_until timestamptz,
    version      bigint      NOT NULL
);

-- Events reference no other table: an event may name no account at all,
-- such as a failed sign-in for an unknown address.
CREATE TABLE events (
    id         bigserial   NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL DEFAULT '',
    type       text        NOT NULL,
    at         timestamptz NOT NULL,
    ip         text        NOT NULL DEFAULT '',
    user_agent text        NOT NULL DEFAULT '',
    detail     text        NOT NULL DEFAULT ''
);
CREATE INDEX events_user_at ON events (user_id, at, id);

CREATE TABLE settings (
    name  text  NOT NULL PRIMARY KEY,
    value bytea NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE events;
DROP TABLE throttles;
DROP TABLE trusted_devices;
DROP TABLE email_codes;
DROP TABLE challenges;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE users;
