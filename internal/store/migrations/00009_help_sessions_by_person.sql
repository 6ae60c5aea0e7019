-- +goose Up
-- A site search continues the searcher's open session: found by person.
CREATE INDEX help_sessions_open_user ON help_sessions (user_id, last_event_at) WHERE outcome IS NULL AND user_id IS NOT NULL;
CREATE INDEX help_sessions_open_visitor ON help_sessions (visitor, last_event_at) WHERE outcome IS NULL AND user_id IS NULL;

-- +goose Down
DROP INDEX help_sessions_open_visitor;
DROP INDEX help_sessions_open_user;
