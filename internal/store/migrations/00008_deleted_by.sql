-- +goose Up
-- Who deleted a post, so that authors can restore what they deleted
-- themselves (a moderator's deletion stays a moderator's to undo), and
-- whether the deleted answer was the accepted one, so that restoring it
-- restores the acceptance too.
ALTER TABLE posts ADD COLUMN deleted_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE posts ADD COLUMN deleted_accepted BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE posts DROP COLUMN deleted_accepted;
ALTER TABLE posts DROP COLUMN deleted_by;
