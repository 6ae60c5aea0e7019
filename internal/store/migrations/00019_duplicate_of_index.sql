-- +goose Up
-- The questions closed as duplicates of one, passed on to its original when
-- it is closed as a duplicate itself.
CREATE INDEX posts_duplicate_of ON posts (duplicate_of_id) WHERE duplicate_of_id IS NOT NULL;

-- +goose Down
DROP INDEX posts_duplicate_of;
