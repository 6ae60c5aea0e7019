-- +goose Up
-- A closed question waits for no answer: the unanswered list and its counter
-- leave closed questions out (store.Unanswered is the condition).
DROP INDEX posts_questions_unanswered;
CREATE INDEX posts_questions_unanswered ON posts (id DESC)
    WHERE type = 1 AND deleted_at IS NULL AND closed_at IS NULL AND answer_count = 0;
UPDATE counters SET value = (SELECT COUNT(*) FROM posts
    WHERE type = 1 AND deleted_at IS NULL AND closed_at IS NULL AND answer_count = 0) WHERE name = 'unanswered';

-- +goose Down
DROP INDEX posts_questions_unanswered;
CREATE INDEX posts_questions_unanswered ON posts (id DESC) WHERE type = 1 AND deleted_at IS NULL AND answer_count = 0;
UPDATE counters SET value = (SELECT COUNT(*) FROM posts
    WHERE type = 1 AND deleted_at IS NULL AND answer_count = 0) WHERE name = 'unanswered';
