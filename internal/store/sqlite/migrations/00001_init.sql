-- Times are INTEGER unix microseconds in UTC; 0 means "not set".
-- Hashes and sealed secrets are BLOBs, tokens' hashes TEXT (hex).

-- +goose Up
CREATE TABLE users (
    id                  TEXT    NOT NULL PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE,
    name                TEXT    NOT NULL DEFAULT '',
    password_hash       TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    email_2fa           INTEGER NOT NULL DEFAULT 0,
    totp_secret         BLOB,
    totp_pending        BLOB,
    totp_last_step      INTEGER NOT NULL DEFAULT 0,
    password_changed_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE recovery_codes (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, code_hash)
) STRICT;

CREATE TABLE sessions (
    token_hash       TEXT    NOT NULL PRIMARY KEY,
    user_id          TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    last_seen        INTEGER NOT NULL DEFAULT 0,
    second_factor_at INTEGER NOT NULL DEFAULT 0,
    ip               TEXT    NOT NULL DEFAULT '',
    user_agent       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE challenges (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER NOT NULL DEFAULT 0,
    ip         TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX challenges_user_id ON challenges (user_id);
CREATE INDEX challenges_expires_at ON challenges (expires_at);

-- One live code per user and purpose: creating a code replaces the last one.
CREATE TABLE email_codes (
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL,
    code_hash  BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER NOT NULL DEFAULT 0,
    target     TEXT    NOT NULL DEFAULT '',
    UNIQUE (user_id, purpose)
) STRICT;
CREATE INDEX email_codes_expires_at ON email_codes (expires_at);

CREATE TABLE trusted_devices (
    id         TEXT    NOT NULL PRIMARY KEY,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_used  INTEGER NOT NULL DEFAULT 0,
    ip         TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX trusted_devices_user_id ON trusted_devices (user_id, created_at);
CREATE INDEX trusted_devices_expires_at ON trusted_devices (expires_at);

CREATE TABLE throttles (
    key          TEXT    NOT NULL PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0,
    last_failure INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL
) STRICT;

-- Events reference no other table: an event may name no account at all,
-- such as a failed sign-in for an unknown address.
CREATE TABLE events (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT    NOT NULL DEFAULT '',
    type       TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    ip         TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT '',
    detail     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX events_user_at ON events (user_id, at, id);

CREATE TABLE settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

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
