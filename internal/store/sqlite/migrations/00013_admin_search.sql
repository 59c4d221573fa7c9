-- The administrators' pages. The user list searches and pages by address
-- with the unique index of users (email), whose BINARY collation is byte
-- order, so it needs no index of its own. The dashboard counts the events
-- of a few types per day over the last weeks: (type, at) finds each type's
-- range without reading the other events.

-- +goose Up
CREATE INDEX events_type_at ON events (type, at);

-- +goose Down
DROP INDEX events_type_at;
