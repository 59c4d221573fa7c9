-- The administrators' pages. The user list searches and pages by address
-- with the unique index of users (email), whose BINARY collation is byte
-- order. The disabled accounts, few of many, get a partial index in that
-- order (as the administrators have one already), so that a list of them
-- reads only them. The dashboard counts the events of a few types per day
-- over the last weeks: (type, at) finds each type's range without reading
-- the other events.

-- +goose Up
CREATE INDEX users_disabled ON users (email) WHERE disabled_at <> 0;
CREATE INDEX events_type_at ON events (type, at);

-- +goose Down
DROP INDEX events_type_at;
DROP INDEX users_disabled;
