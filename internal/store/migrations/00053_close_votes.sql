-- +goose Up
-- Close votes: members with the "vote to close" privilege vote to close an
-- open question, each with a reason (and for a duplicate the question it
-- duplicates). A vote is open (ended_at NULL) until its member retracts it
-- (the row is deleted) or the question closes or reopens: then it ends,
-- with closed = TRUE when it was one of the votes that closed the question
-- (its voter is one of the closers) and FALSE otherwise (a moderator closed
-- it first, say).
CREATE TABLE close_votes (
    id {{.PK}},
    question_id BIGINT NOT NULL REFERENCES posts (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    duplicate_of_id BIGINT REFERENCES posts (id),
    created_at {{.Time}} NOT NULL,
    ended_at {{.Time}},
    closed BOOLEAN NOT NULL DEFAULT FALSE
);
-- One open vote a person and question; it also reads a question's open
-- votes (the count, the reasons) and a person's own.
CREATE UNIQUE INDEX close_votes_open ON close_votes (question_id, user_id) WHERE ended_at IS NULL;
-- The votes that closed a question (its closers), in the order they came.
CREATE INDEX close_votes_closers ON close_votes (question_id, id) WHERE closed;

-- A "duplicate" flag names the question the flagged one duplicates.
ALTER TABLE flags ADD COLUMN duplicate_of_id BIGINT REFERENCES posts (id);

-- +goose Down
ALTER TABLE flags DROP COLUMN duplicate_of_id;
DROP TABLE close_votes;
