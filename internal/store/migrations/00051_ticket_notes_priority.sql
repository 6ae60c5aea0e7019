-- +goose Up
-- The hotline's internal notes on a ticket: written by those who work
-- tickets (the hotline, administrators) for each other, never shown to the
-- employee. A table of their own rather than a kind of ticket_messages:
-- every reader of the conversation (the employee's page and API, the mails
-- and webhooks a message sends) reads ticket_messages, and none of them can
-- show a note by forgetting a filter.
CREATE TABLE ticket_notes (
    id {{.PK}},
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at {{.Time}} NOT NULL
);
CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, id);
-- How urgent the hotline finds a ticket: low, normal, high or urgent. The
-- tickets filed before are normal, as every new one is until the hotline
-- says otherwise.
ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'
    CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
-- The queue by priority: the open tickets of one priority, oldest first.
CREATE INDEX tickets_status_priority ON tickets (status, priority, id);

-- +goose Down
DROP INDEX tickets_status_priority;
ALTER TABLE tickets DROP COLUMN priority;
DROP TABLE ticket_notes;
