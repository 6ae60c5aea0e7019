-- +goose Up
-- Who closed a question, so that an asker who closed their own question as
-- a duplicate can reopen it (a moderator's closing stays a moderator's to
-- undo).
ALTER TABLE posts ADD COLUMN closed_by BIGINT REFERENCES users (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE posts DROP COLUMN closed_by;
