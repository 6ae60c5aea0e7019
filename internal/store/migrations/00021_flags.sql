-- +goose Up
-- Flags: members report a post or a comment to the moderators (spam, rude or
-- abusive, not an answer, or something else, said in a note). A flag waits
-- (pending) until a moderator deals with what it flags: deleting it makes
-- the flags on it helpful, and the moderator may also mark them helpful or
-- decline them.
CREATE TABLE flags (
    id {{.PK}},
    post_id BIGINT NOT NULL REFERENCES posts (id),
    comment_id BIGINT REFERENCES comments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    created_at {{.Time}} NOT NULL,
    resolved_at {{.Time}},
    resolved_by BIGINT REFERENCES users (id)
);
-- The moderators' queue, and a page's "flagged" marks.
CREATE INDEX flags_pending ON flags (post_id, comment_id) WHERE status = 'pending';
-- A person's flags of the last day (the daily limit).
CREATE INDEX flags_user ON flags (user_id, created_at);

-- +goose Down
DROP TABLE flags;
