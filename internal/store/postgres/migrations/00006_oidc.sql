-- The OpenID Connect provider: registered clients, authorization requests
-- (with the hash of their code), access and refresh tokens, consents and
-- the keys that sign ID tokens. Deleting a client or an account deletes its
-- requests, tokens and consents. A token names its grant (the request it
-- descends from) without a foreign key: it outlives the request.
--
-- Lists (scopes, AMR, prompt, acr_values, URIs) are text[], '{}' for none
-- (read back as nil). Unset optional instants are NULL, as are an auth
-- request's user before sign-in and a public client's secret.
--
-- Sessions record how their login passed the second step.

-- +goose Up
CREATE TABLE oidc_clients (
    id               text        NOT NULL PRIMARY KEY,
    name             text        NOT NULL,
    secret_hash      bytea,
    public           boolean     NOT NULL DEFAULT false,
    require_2fa      boolean     NOT NULL DEFAULT false,
    redirect_uris    text[]      NOT NULL DEFAULT '{}',
    post_logout_uris text[]      NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL
);

CREATE TABLE oidc_auth_requests (
    id                    text        NOT NULL PRIMARY KEY,
    client_id             text        NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    redirect_uri          text        NOT NULL,
    scopes                text[]      NOT NULL DEFAULT '{}',
    state                 text        NOT NULL DEFAULT '',
    nonce                 text        NOT NULL DEFAULT '',
    response_type         text        NOT NULL DEFAULT '',
    response_mode         text        NOT NULL DEFAULT '',
    code_challenge        text        NOT NULL DEFAULT '',
    code_challenge_method text        NOT NULL DEFAULT '',
    prompt                text[]      NOT NULL DEFAULT '{}',
    max_age               integer     NOT NULL DEFAULT -1,
    login_hint            text        NOT NULL DEFAULT '',
    acr_values            text[]      NOT NULL DEFAULT '{}',
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    user_id               text        REFERENCES users (id) ON DELETE CASCADE,
    auth_time             timestamptz,
    amr                   text[]      NOT NULL DEFAULT '{}',
    done_at               timestamptz,
    code_hash             bytea,
    redeemed_at           timestamptz,
    reused_at             timestamptz
);
CREATE UNIQUE INDEX oidc_auth_requests_code_hash ON oidc_auth_requests (code_hash) WHERE code_hash IS NOT NULL;
CREATE INDEX oidc_auth_requests_client_id ON oidc_auth_requests (client_id);
CREATE INDEX oidc_auth_requests_user_client ON oidc_auth_requests (user_id, client_id);
CREATE INDEX oidc_auth_requests_expires_at ON oidc_auth_requests (expires_at);

CREATE TABLE oidc_access_tokens (
    id         text        NOT NULL PRIMARY KEY,
    client_id  text        NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scopes     text[]      NOT NULL DEFAULT '{}',
    grant_id   text        NOT NULL,
    refresh_id text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_access_tokens_grant_id ON oidc_access_tokens (grant_id);
CREATE INDEX oidc_access_tokens_user_client ON oidc_access_tokens (user_id, client_id);
CREATE INDEX oidc_access_tokens_client_id ON oidc_access_tokens (client_id);
CREATE INDEX oidc_access_tokens_refresh_id ON oidc_access_tokens (refresh_id) WHERE refresh_id <> '';
CREATE INDEX oidc_access_tokens_expires_at ON oidc_access_tokens (expires_at);

CREATE TABLE oidc_refresh_tokens (
    id         text        NOT NULL PRIMARY KEY,
    token_hash bytea       NOT NULL UNIQUE,
    client_id  text        NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scopes     text[]      NOT NULL DEFAULT '{}',
    grant_id   text        NOT NULL,
    auth_time  timestamptz,
    amr        text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX oidc_refresh_tokens_grant_id ON oidc_refresh_tokens (grant_id);
CREATE INDEX oidc_refresh_tokens_user_client ON oidc_refresh_tokens (user_id, client_id);
CREATE INDEX oidc_refresh_tokens_client_id ON oidc_refresh_tokens (client_id);
CREATE INDEX oidc_refresh_tokens_expires_at ON oidc_refresh_tokens (expires_at);

CREATE TABLE oidc_consents (
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  text        NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    scopes     text[]      NOT NULL DEFAULT '{}',
    granted_at timestamptz NOT NULL,
    last_used  timestamptz,
    PRIMARY KEY (user_id, client_id)
);
CREATE INDEX oidc_consents_client_id ON oidc_consents (client_id);

CREATE TABLE oidc_signing_keys (
    id         text        NOT NULL PRIMARY KEY,
    algorithm  text        NOT NULL,
    sealed     bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);

ALTER TABLE sessions ADD COLUMN login_factor text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN login_factor;
DROP TABLE oidc_signing_keys;
DROP TABLE oidc_consents;
DROP TABLE oidc_refresh_tokens;
DROP TABLE oidc_access_tokens;
DROP TABLE oidc_auth_requests;
DROP TABLE oidc_clients;
