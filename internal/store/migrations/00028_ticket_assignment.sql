-- +goose Up
-- Who of the hotline holds a ticket (took it to work on it) and since when;
-- resolving a ticket lets go of it. Several agents work one queue.
ALTER TABLE tickets ADD COLUMN assigned_to BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE tickets ADD COLUMN assigned_at {{.Time}};
-- The queue as an agent works it: the open tickets nobody holds, oldest
-- first ("Unassigned", and with the next index the ticket page's "Next").
CREATE INDEX tickets_open_unassigned ON tickets (id) WHERE status = 'open' AND assigned_to IS NULL;
-- The tickets an agent holds ("Mine").
CREATE INDEX tickets_assigned ON tickets (assigned_to, status, id) WHERE assigned_to IS NOT NULL;

-- +goose Down
DROP INDEX tickets_assigned;
DROP INDEX tickets_open_unassigned;
ALTER TABLE tickets DROP COLUMN assigned_at;
ALTER TABLE tickets DROP COLUMN assigned_to;
