-- +goose Up
-- When a picture was last uploaded: the same picture uploaded again keeps
-- its row (and its first uploader), and must not be pruned as old while it
-- is being put into a post.
ALTER TABLE uploads ADD COLUMN seen_at {{.Time}};

-- +goose Down
ALTER TABLE uploads DROP COLUMN seen_at;
