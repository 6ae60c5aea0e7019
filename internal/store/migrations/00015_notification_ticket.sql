-- +goose Up
-- The ticket a notification is about: the hotline answered the user's ticket.
ALTER TABLE notifications ADD COLUMN ticket_id BIGINT;

-- +goose Down
ALTER TABLE notifications DROP COLUMN ticket_id;
