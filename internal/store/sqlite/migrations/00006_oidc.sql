-- The OpenID Connect provider: registered clients, authorization requests
-- (with the hash of their code), access and refresh tokens, consents and
-- the keys that sign ID tokens. Deleting a client or an account deletes its
-- requests, tokens and consents. A token names its grant (the request it
-- descends from) without a foreign key: it outlives the request.
--
-- Lists (scopes, AMR, prompt, acr_values, URIs) are TEXT, one value per
-- line, '' for none (read back as nil). Unset optional instants are 0, an
-- auth request's user before sign-in is NULL, a public client's secret NULL.
--
-- Sessions record how their login passed the second step.

-- +goose Up
CREATE TABLE oidc_clients (
    id               TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    secret_hash      BLOB,
    public           INTEGER NOT NULL DEFAULT 0,
    require_2fa      INTEGER NOT NULL DEFAULT 0,
    redirect_uris    TEXT    NOT NULL DEFAULT '',
    post_logout_uris TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE oidc_auth_requests (
    id                    TEXT    NOT NULL PRIMARY KEY,
    client_id             TEXT    NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    redirect_uri          TEXT    NOT NULL,
    scopes                TEXT    NOT NULL DEFAULT '',
    state                 TEXT    NOT NULL DEFAULT '',
    nonce                 TEXT    NOT NULL DEFAULT '',
    response_type         TEXT    NOT NULL DEFAULT '',
    response_mode         TEXT    NOT NULL DEFAULT '',
    code_challenge        TEXT    NOT NULL DEFAULT '',
    code_challenge_method TEXT    NOT NULL DEFAULT '',
    prompt                TEXT    NOT NULL DEFAULT '',
    max_age               INTEGER NOT NULL DEFAULT -1,
    login_hint            TEXT    NOT NULL DEFAULT '',
    acr_values            TEXT    NOT NULL DEFAULT '',
    created_at            INTEGER NOT NULL,
    expires_at            INTEGER NOT NULL,
    user_id               TEXT    REFERENCES users (id) ON DELETE CASCADE,
    auth_time             INTEGER NOT NULL DEFAULT 0,
    amr                   TEXT    NOT NULL DEFAULT '',
    done_at               INTEGER NOT NULL DEFAULT 0,
    code_hash             BLOB,
    redeemed_at           INTEGER NOT NULL DEFAULT 0,
    reused_at             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX oidc_auth_requests_code_hash ON oidc_auth_requests (code_hash) WHERE code_hash IS NOT NULL;
CREATE INDEX oidc_auth_requests_client_id ON oidc_auth_requests (client_id);
CREATE INDEX oidc_auth_requests_user_client ON oidc_auth_requests (user_id, client_id);
CREATE INDEX oidc_auth_requests_expires_at ON oidc_auth_requests (expires_at);

CREATE TABLE oidc_access_tokens (
    id         TEXT    NOT NULL PRIMARY KEY,
    client_id  TEXT    NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scopes     TEXT    NOT NULL DEFAULT '',
    grant_id   TEXT    NOT NULL,
    refresh_id TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX oidc_access_tokens_grant_id ON oidc_access_tokens (grant_id);
CREATE INDEX oidc_access_tokens_user_client ON oidc_access_tokens (user_id, client_id);
CREATE INDEX oidc_access_tokens_client_id ON oidc_access_tokens (client_id);
CREATE INDEX oidc_access_tokens_refresh_id ON oidc_access_tokens (refresh_id) WHERE refresh_id <> '';
CREATE INDEX oidc_access_tokens_expires_at ON oidc_access_tokens (expires_at);

CREATE TABLE oidc_refresh_tokens (
    id         TEXT    NOT NULL PRIMARY KEY,
    token_hash BLOB    NOT NULL UNIQUE,
    client_id  TEXT    NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scopes     TEXT    NOT NULL DEFAULT '',
    grant_id   TEXT    NOT NULL,
    auth_time  INTEGER NOT NULL DEFAULT 0,
    amr        TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX oidc_refresh_tokens_grant_id ON oidc_refresh_tokens (grant_id);
CREATE INDEX oidc_refresh_tokens_user_client ON oidc_refresh_tokens (user_id, client_id);
CREATE INDEX oidc_refresh_tokens_client_id ON oidc_refresh_tokens (client_id);
CREATE INDEX oidc_refresh_tokens_expires_at ON oidc_refresh_tokens (expires_at);

CREATE TABLE oidc_consents (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  TEXT    NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    scopes     TEXT    NOT NULL DEFAULT '',
    granted_at INTEGER NOT NULL,
    last_used  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, client_id)
) STRICT;
CREATE INDEX oidc_consents_client_id ON oidc_consents (client_id);

CREATE TABLE oidc_signing_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    algorithm  TEXT    NOT NULL,
    sealed     BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE sessions ADD COLUMN login_factor TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN login_factor;
DROP TABLE oidc_signing_keys;
DROP TABLE oidc_consents;
DROP TABLE oidc_refresh_tokens;
DROP TABLE oidc_access_tokens;
DROP TABLE oidc_auth_requests;
DROP TABLE oidc_clients;
