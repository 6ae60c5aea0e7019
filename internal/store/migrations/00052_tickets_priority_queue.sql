-- +goose Up
-- The queue sorted by priority (order=priority): the tickets of one status,
-- the most urgent first and the oldest first within a priority, read a page
-- at a time. Its ORDER BY ranks the priority with a CASE expression
-- (deflection's priorityOrder), which the index of 00051 on the priority's
-- text cannot serve: this one holds the same expression, written exactly as
-- the query writes it, so both databases read the page in index order
-- instead of sorting every ticket of the status.
CREATE INDEX tickets_status_priority_rank ON tickets (status,
    (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END), id);

-- +goose Down
DROP INDEX tickets_status_priority_rank;
