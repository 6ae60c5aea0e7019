-- +goose Up
-- Of a hand-over, the agent who held the ticket before it (NULL when nobody
-- did, and on the hand-overs recorded before, which said nothing of it):
-- an administrator's Take over reads "took over the ticket from" them.
ALTER TABLE ticket_events ADD COLUMN held_by BIGINT REFERENCES users (id);

-- +goose Down
ALTER TABLE ticket_events DROP COLUMN held_by;
