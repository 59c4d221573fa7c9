-- The unused recovery codes of each account, so that counting them (at
-- every login and every signed-in read) reads this index alone instead of
-- every code's row.

-- +goose Up
CREATE INDEX recovery_codes_unused ON recovery_codes (user_id) WHERE used_at IS NULL;

-- +goose Down
DROP INDEX recovery_codes_unused;
