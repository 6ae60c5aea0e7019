-- +goose Up
-- When a comment's text was last changed by an edit (its author within
-- five minutes of writing it, or a moderator); NULL for one never edited.
ALTER TABLE comments ADD COLUMN edited_at {{.Time}};

-- +goose Down
ALTER TABLE comments DROP COLUMN edited_at;
