-- When a code mailed to the account's address was last entered, so that
-- apps signing users in are told whether the address is proven (an
-- address given at sign-up proves nothing). Changing the address clears it.

-- +goose Up
ALTER TABLE users ADD COLUMN email_verified_at INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN email_verified_at;
