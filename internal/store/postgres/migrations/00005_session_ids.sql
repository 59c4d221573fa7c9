-- Every session gets a public id, so a list of an account's sessions can
-- name one to end without showing the hash of its token. Sessions that
-- exist already get a random one. Events are read by account, newest first,
-- and deleted by age.

-- +goose Up
ALTER TABLE sessions ADD COLUMN id text NOT NULL DEFAULT '';
UPDATE sessions SET id = 's_' || replace(gen_random_uuid()::text, '-', '') WHERE id = '';
CREATE UNIQUE INDEX sessions_id ON sessions (id) WHERE id <> '';
CREATE INDEX events_at ON events (at);

-- +goose Down
DROP INDEX events_at;
DROP INDEX sessions_id;
ALTER TABLE sessions DROP COLUMN id;
