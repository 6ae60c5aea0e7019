-- +goose Up
-- An employee's own tickets, newest first (/tickets for others than staff).
CREATE INDEX tickets_user ON tickets (user_id, id DESC) WHERE user_id IS NOT NULL;
-- Questions the hotline published, which the dashboard's community figures leave out.
CREATE INDEX tickets_published ON tickets (published_question_id) WHERE published_question_id IS NOT NULL;

-- +goose Down
DROP INDEX tickets_published;
DROP INDEX tickets_user;
