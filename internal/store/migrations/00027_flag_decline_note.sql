-- +goose Up
-- A moderator's optional word to the flaggers when declining their flags:
-- kept on each flag declined, and with the notification that tells them.
ALTER TABLE flags ADD COLUMN decline_note TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE notifications DROP COLUMN note;
ALTER TABLE flags DROP COLUMN decline_note;
