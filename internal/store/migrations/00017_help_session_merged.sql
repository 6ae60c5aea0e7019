-- +goose Up
-- A help session solved by the question that solved the same person's
-- session within a day is the same problem: it names that session, and the
-- dashboard counts the problem once (the holdout comparison counts both).
ALTER TABLE help_sessions ADD COLUMN merged_into_id BIGINT;

-- +goose Down
ALTER TABLE help_sessions DROP COLUMN merged_into_id;
