-- The administrators' pages. The user list searches addresses by prefix
-- and pages through them by address, in byte order (COLLATE "C"), whatever
-- the database's collation: a prefix is then one range of this index.
-- The administrators and the disabled accounts, few of many, get partial
-- indexes in the same order, so that a list of them reads only them. The
-- dashboard counts the events of a few types per day over the last weeks:
-- (type, at) finds each type's range without reading the other events.

-- +goose Up
CREATE INDEX users_email_bytes ON users (email COLLATE "C");
CREATE INDEX users_admins_bytes ON users (email COLLATE "C") WHERE role = 'admin';
CREATE INDEX users_disabled_bytes ON users (email COLLATE "C") WHERE disabled_at IS NOT NULL;
CREATE INDEX events_type_at ON events (type, at);

-- +goose Down
DROP INDEX events_type_at;
DROP INDEX users_disabled_bytes;
DROP INDEX users_admins_bytes;
DROP INDEX users_email_bytes;
