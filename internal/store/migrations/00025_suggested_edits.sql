-- +goose Up
-- Suggested edits: a member who may not yet edit others' posts proposes a
-- new version of one (title, body and tags as a whole, with the version it
-- was made from), and a reviewer (someone with the edit privilege, or the
-- post's author) approves it, which saves it as a revision credited to the
-- member, or rejects it with a reason.
CREATE TABLE suggested_edits (
    id {{.PK}},
    post_id BIGINT NOT NULL REFERENCES posts (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    base_revision INTEGER NOT NULL,
    old_title TEXT NOT NULL DEFAULT '',
    old_body TEXT NOT NULL,
    old_tags TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    created_at {{.Time}} NOT NULL,
    reviewed_at {{.Time}},
    reviewed_by BIGINT REFERENCES users (id),
    reject_reason TEXT NOT NULL DEFAULT '',
    reject_note TEXT NOT NULL DEFAULT '',
    revision INTEGER
);
-- One suggestion waits for a post at a time; the review queue, oldest first.
CREATE UNIQUE INDEX suggested_edits_pending ON suggested_edits (post_id) WHERE status = 'pending';
CREATE INDEX suggested_edits_queue ON suggested_edits (created_at, id) WHERE status = 'pending';
-- A member's suggestions (their waiting ones are limited); a revision's approval.
CREATE INDEX suggested_edits_user ON suggested_edits (user_id, status);
CREATE INDEX suggested_edits_revision ON suggested_edits (post_id, revision);

-- +goose Down
DROP TABLE suggested_edits;
