-- +goose Up
-- A user's reputation history reads newest first by the date of each event
-- (then by id), not by id alone: an event written later than its date (the
-- demo's, an import's) takes its place among the others. This index serves
-- that order as reputation_events_user served the order by id.
CREATE INDEX reputation_events_user_time ON reputation_events (user_id, created_at DESC, id DESC);

-- +goose Down
DROP INDEX reputation_events_user_time;
