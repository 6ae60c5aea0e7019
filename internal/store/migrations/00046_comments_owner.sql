-- +goose Up
-- A new member's comment gap (qa.Service.throttleNew) reads the author's
-- newest comment: an index on the author serves it whatever the site's size.
CREATE INDEX comments_owner ON comments (owner_id, id);

-- +goose Down
DROP INDEX comments_owner;
