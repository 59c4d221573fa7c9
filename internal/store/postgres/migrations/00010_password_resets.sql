-- A link mailed to an account's address by "Forgot password?": used once
-- within its lifetime, it sets a new password and ends every session. Only
-- the SHA-256 hash of the token is kept.

-- +goose Up
CREATE TABLE password_resets (
    token_hash text        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
-- A new link, a reset and every other security change close the
-- account's open links.
CREATE INDEX password_resets_user_id ON password_resets (user_id) WHERE used_at IS NULL;
CREATE INDEX password_resets_expires_at ON password_resets (expires_at);

-- +goose Down
DROP TABLE password_resets;
