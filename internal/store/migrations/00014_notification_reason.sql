-- +goose Up
-- Why a question was closed, kept with the notification that says so: the
-- question's own reason changes when it is reopened or closed again.
ALTER TABLE notifications ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE notifications DROP COLUMN reason;
