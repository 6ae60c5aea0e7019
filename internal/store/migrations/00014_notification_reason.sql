-- +goose Up
-- Why a question was closed, kept with the notification that says so: the
-- question's own reason changes when it is reopened or closed again.
ALTER TABLE notifications ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- Notices about questions still closed keep the reason the inbox showed.
UPDATE notifications SET reason = COALESCE((SELECT closed_reason FROM posts p
    WHERE p.id = notifications.question_id AND p.closed_at IS NOT NULL), '') WHERE type = 'closed';

-- +goose Down
ALTER TABLE notifications DROP COLUMN reason;
