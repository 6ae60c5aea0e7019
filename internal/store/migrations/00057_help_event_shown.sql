-- +goose Up
-- The questions a help session's search showed (its suggestions, or the
-- page of site-search results), as their ids separated by spaces, at most
-- a few pages' worth (deflection.maxShown): a session views, and is solved
-- by, only a question one of its searches showed. NULL on the searches
-- recorded before, which said nothing of it: their sessions' views are
-- taken as they were.
ALTER TABLE help_events ADD COLUMN shown TEXT;

-- +goose Down
ALTER TABLE help_events DROP COLUMN shown;
