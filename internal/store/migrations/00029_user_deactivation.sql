-- +goose Up
-- An administrator deactivates the account of someone who left the company
-- (or must not post any more): it can no longer log in or use the API, and
-- its posts stay, attributed. NULL is an active account.
ALTER TABLE users ADD COLUMN deactivated_at {{.Time}};
-- The few deactivated accounts, which expert rankings leave out.
CREATE INDEX users_deactivated ON users (id) WHERE deactivated_at IS NOT NULL;

-- +goose Down
DROP INDEX users_deactivated;
ALTER TABLE users DROP COLUMN deactivated_at;
