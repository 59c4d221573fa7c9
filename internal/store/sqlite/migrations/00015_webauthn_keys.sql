-- How many security keys and passkeys each account has (the rows of
-- webauthn_credentials with its user_id), kept on the account's row so
-- that the check of the 2FA enforcement policy, made on every request of
-- an account it covers, reads it with the account and needs no query of
-- its own. Adding or deleting a key updates it in the same transaction.

-- +goose Up
ALTER TABLE users ADD COLUMN webauthn_keys INTEGER NOT NULL DEFAULT 0;
UPDATE users SET webauthn_keys =
    (SELECT count(*) FROM webauthn_credentials c WHERE c.user_id = users.id)
    WHERE id IN (SELECT user_id FROM webauthn_credentials);

-- +goose Down
ALTER TABLE users DROP COLUMN webauthn_keys;
