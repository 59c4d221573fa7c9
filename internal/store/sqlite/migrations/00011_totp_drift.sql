-- Where in the window the last accepted TOTP codes of each account matched
-- (totp_drift_recent), the clock drift of its app found from them in
-- seconds (0: none) and when it was found, so that the owner can be told
-- to fix the phone's clock before its codes stop working. The partial
-- index holds only the few accounts with a drift, for listing them.

-- +goose Up
ALTER TABLE users ADD COLUMN totp_drift_recent TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_drift_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_drift_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_totp_drift ON users (totp_drift_at, id) WHERE totp_drift_seconds <> 0;

-- +goose Down
DROP INDEX users_totp_drift;
ALTER TABLE users DROP COLUMN totp_drift_at;
ALTER TABLE users DROP COLUMN totp_drift_seconds;
ALTER TABLE users DROP COLUMN totp_drift_recent;
