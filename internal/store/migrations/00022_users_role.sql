-- +goose Up
-- The users page's "Moderators and administrators" and the API's ?role=,
-- by reputation.
CREATE INDEX users_role ON users (role, reputation DESC, id);

-- +goose Down
DROP INDEX users_role;
