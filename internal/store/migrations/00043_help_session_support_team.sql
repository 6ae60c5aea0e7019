-- +goose Up
-- A help session the support team (an analyst or a hotline agent) opened,
-- trying Get help or looking up an answer for a caller: kept, so its pages
-- work, but left out of the dashboard's figures, as their searches on the
-- search page are. Sessions before are counted as they were.
ALTER TABLE help_sessions ADD COLUMN support_team BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE help_sessions DROP COLUMN support_team;
