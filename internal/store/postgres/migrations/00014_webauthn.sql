-- Security keys and passkeys (WebAuthn) of an account, and the ceremonies
-- that register them or sign with them: the server's half of each
-- ceremony is kept here so that any instance can finish it, and is
-- deleted by the statement that uses it, so it is used once.

-- +goose Up
CREATE TABLE webauthn_credentials (
    id              text        NOT NULL PRIMARY KEY,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_handle     bytea       NOT NULL,
    credential_id   bytea       NOT NULL UNIQUE,
    public_key      bytea       NOT NULL,
    sign_count      bigint      NOT NULL DEFAULT 0,
    backup_eligible boolean     NOT NULL DEFAULT false,
    backup_state    boolean     NOT NULL DEFAULT false,
    discoverable    boolean     NOT NULL DEFAULT false,
    transports      text        NOT NULL DEFAULT '',
    aaguid          bytea,
    name            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz
);
CREATE INDEX webauthn_credentials_user_id ON webauthn_credentials (user_id);

CREATE TABLE webauthn_ceremonies (
    challenge_hash text        NOT NULL PRIMARY KEY,
    purpose        text        NOT NULL,
    user_id        text        REFERENCES users (id) ON DELETE CASCADE,
    data           bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);
CREATE INDEX webauthn_ceremonies_user_id ON webauthn_ceremonies (user_id);
CREATE INDEX webauthn_ceremonies_expires_at ON webauthn_ceremonies (expires_at);

-- +goose Down
DROP TABLE webauthn_ceremonies;
DROP TABLE webauthn_credentials;
