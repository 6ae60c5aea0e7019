-- +goose Up
-- The employee who filed a ticket may withdraw it (found the answer, say)
-- and reopen it, once resolved or withdrawn, for a while after. A ticket's
-- status may now also be 'withdrawn': closed by its employee, out of the
-- hotline's queue. withdrawn_at and withdrawal_reason say when and why.
ALTER TABLE tickets ADD COLUMN withdrawn_at {{.Time}};
ALTER TABLE tickets ADD COLUMN withdrawal_reason TEXT NOT NULL DEFAULT '';

-- A ticket's history of withdrawals and reopenings. kind is 'withdrawn' or
-- 'reopened'; actor_id the employee; agent_id the hotline agent concerned
-- (who held the ticket when it was withdrawn, who had resolved it when it
-- was reopened); note the employee's reason for a withdrawal, and for a
-- reopening the answer the ticket had (a new resolution replaces it);
-- message_id the employee's message that says why it was reopened.
CREATE TABLE ticket_events (
    id {{.PK}},
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    kind TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    agent_id BIGINT REFERENCES users (id),
    note TEXT NOT NULL DEFAULT '',
    message_id BIGINT REFERENCES ticket_messages (id),
    created_at {{.Time}} NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- +goose Down
-- The code before this knows no 'withdrawn' tickets: they read as
-- resolved, with the employee's reason as their resolution, out of the queue.
UPDATE tickets SET status = 'resolved', resolved_at = withdrawn_at,
    resolution = CASE WHEN withdrawal_reason = '' THEN 'Withdrawn by the employee.' ELSE 'Withdrawn by the employee: ' || withdrawal_reason END
    WHERE status = 'withdrawn';
DROP TABLE ticket_events;
ALTER TABLE tickets DROP COLUMN withdrawal_reason;
ALTER TABLE tickets DROP COLUMN withdrawn_at;
