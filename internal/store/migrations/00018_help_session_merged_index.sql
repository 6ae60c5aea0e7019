-- +goose Up
-- The sessions merged into one, found when that one's outcome changes.
CREATE INDEX help_sessions_merged ON help_sessions (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- +goose Down
DROP INDEX help_sessions_merged;
