-- Known devices: clients that completed a login of an account. They grant
-- no access; each gets its own guessing and mail limits. Sessions and login
-- challenges name the known device they came from ('' for none). Email
-- codes keep the code sealed with the key ring so a resend can mail the
-- same code again.

-- +goose Up
CREATE TABLE known_devices (
    id         text        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    last_used  timestamptz NOT NULL
);
CREATE INDEX known_devices_user_id ON known_devices (user_id);
CREATE INDEX known_devices_last_used ON known_devices (last_used);

ALTER TABLE sessions ADD COLUMN known_device_id text NOT NULL DEFAULT '';
ALTER TABLE challenges ADD COLUMN known_device_id text NOT NULL DEFAULT '';
ALTER TABLE email_codes ADD COLUMN code_sealed bytea;

-- +goose Down
ALTER TABLE email_codes DROP COLUMN code_sealed;
ALTER TABLE challenges DROP COLUMN known_device_id;
ALTER TABLE sessions DROP COLUMN known_device_id;
DROP TABLE known_devices;
