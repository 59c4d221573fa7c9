-- Security keys and passkeys (WebAuthn) of an account, and the ceremonies
-- that register them or sign with them: the server's half of each
-- ceremony is kept here so that any instance can finish it, and is
-- deleted by the statement that uses it, so it is used once.

-- +goose Up
CREATE TABLE webauthn_credentials (
    id              TEXT    NOT NULL PRIMARY KEY,
    user_id         TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_handle     BLOB    NOT NULL,
    credential_id   BLOB    NOT NULL UNIQUE,
    public_key      BLOB    NOT NULL,
    sign_count      INTEGER NOT NULL DEFAULT 0,
    backup_eligible INTEGER NOT NULL DEFAULT 0,
    backup_state    INTEGER NOT NULL DEFAULT 0,
    discoverable    INTEGER NOT NULL DEFAULT 0,
    transports      TEXT    NOT NULL DEFAULT '',
    aaguid          BLOB,
    name            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX webauthn_credentials_user_id ON webauthn_credentials (user_id);

CREATE TABLE webauthn_ceremonies (
    challenge_hash TEXT    NOT NULL PRIMARY KEY,
    purpose        TEXT    NOT NULL,
    user_id        TEXT    REFERENCES users (id) ON DELETE CASCADE,
    data           BLOB    NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX webauthn_ceremonies_user_id ON webauthn_ceremonies (user_id);
CREATE INDEX webauthn_ceremonies_expires_at ON webauthn_ceremonies (expires_at);

-- +goose Down
DROP TABLE webauthn_ceremonies;
DROP TABLE webauthn_credentials;
