-- Roles and disabled accounts. An administrator ("admin") runs the server
-- from the admin pages and API; everyone else is a "user". An account with
-- a disabled_at time cannot log in and its sessions are ended.

-- +goose Up
ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
CREATE INDEX users_admins ON users (email) WHERE role = 'admin';

-- +goose Down
DROP INDEX users_admins;
ALTER TABLE users DROP COLUMN disabled_at;
ALTER TABLE users DROP COLUMN role;
