-- +goose Up
-- An unfollowed question keeps its row, muted: the asker, who is told of
-- answers without a row (a question imported or published from a ticket),
-- is then told nothing, and answering it later does not follow it again.
ALTER TABLE question_follows ADD COLUMN muted BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE question_follows DROP COLUMN muted;
