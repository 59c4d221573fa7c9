-- A link mailed to the old address after an email change: it puts the old
-- address back and ends every session. Only the token's hash is kept.

-- +goose Up
CREATE TABLE email_undo (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    old_email  TEXT    NOT NULL,
    new_email  TEXT    NOT NULL,
    -- The password hash when the address changed, put back by the undo
    -- if the password has changed since.
    old_password_hash TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX email_undo_user_id ON email_undo (user_id, expires_at);
CREATE INDEX email_undo_expires_at ON email_undo (expires_at);
-- Sign-ups and email changes look up whether an open link holds an address.
CREATE INDEX email_undo_old_email ON email_undo (old_email);

-- +goose Down
DROP TABLE email_undo;
