-- +goose Up
-- The suggested edit an edit_approved, edit_rejected or edit_closed
-- notification is about, so it leads to that suggestion; NULL for the other
-- kinds and for those written before (they lead to the reader's latest
-- suggestion for the post).
ALTER TABLE notifications ADD COLUMN suggested_edit_id BIGINT;

-- +goose Down
ALTER TABLE notifications DROP COLUMN suggested_edit_id;
