-- The language an account chose for its pages and mails: a BCP 47 code
-- of a language twofa speaks ("de", "pt-BR", ...), or '' to follow the
-- browser's Accept-Language. An account starts with the language of its
-- sign-up.

-- +goose Up
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN language;
