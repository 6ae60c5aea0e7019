-- +goose Up
-- The conversation on a hotline ticket: the hotline asks the employee who
-- filed it for more, the employee answers. staff marks a message by the
-- hotline (or an administrator), as opposed to one by the ticket's owner.
-- A ticket's status may now also be 'waiting' (on the employee).
CREATE TABLE ticket_messages (
    id {{.PK}},
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    staff BOOLEAN NOT NULL DEFAULT FALSE,
    body TEXT NOT NULL,
    created_at {{.Time}} NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

-- +goose Down
-- The code before this knows no 'waiting' tickets nor 'reply' deliveries
-- (the hotline's messages, dropped with the table): waiting tickets are open
-- again, in the queue, and the message mails go.
UPDATE tickets SET status = 'open' WHERE status = 'waiting';
DELETE FROM deliveries WHERE channel = 'reply';
DROP TABLE ticket_messages;
