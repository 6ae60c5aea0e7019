-- +goose Up
-- The newest and unanswered question lists order by the time of asking (then
-- id), not by id alone: imported questions get ids that say nothing of when
-- they were asked. Their partial indexes follow the order, so that a page is
-- read from the index, as before.
DROP INDEX posts_questions_newest;
CREATE INDEX posts_questions_newest ON posts (created_at DESC, id DESC) WHERE type = 1 AND deleted_at IS NULL;
DROP INDEX posts_questions_unanswered;
CREATE INDEX posts_questions_unanswered ON posts (created_at DESC, id DESC)
    WHERE type = 1 AND deleted_at IS NULL AND closed_at IS NULL AND answer_count = 0;

-- +goose Down
DROP INDEX posts_questions_newest;
CREATE INDEX posts_questions_newest ON posts (id DESC) WHERE type = 1 AND deleted_at IS NULL;
DROP INDEX posts_questions_unanswered;
CREATE INDEX posts_questions_unanswered ON posts (id DESC)
    WHERE type = 1 AND deleted_at IS NULL AND closed_at IS NULL AND answer_count = 0;
