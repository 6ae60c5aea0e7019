-- +goose Up
-- Experts and notifications (internal/notify, internal/experts): the inbox,
-- which is also the e-mail queue, follows of tags and questions, e-mail
-- settings, "ask me about" profiles, subject-matter experts per tag, and
-- the routing of new questions to experts.

-- One notification for one user. emailed_at marks what the mailer sent (or
-- gave up on after email_attempts failures): unsent rows are its queue.
CREATE TABLE notifications (
    id {{.PK}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    type TEXT NOT NULL,
    actor_id BIGINT,
    question_id BIGINT,
    post_id BIGINT,
    comment_id BIGINT,
    badge TEXT NOT NULL DEFAULT '',
    tag TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL,
    read_at {{.Time}},
    emailed_at {{.Time}},
    email_attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_inbox ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_unsent ON notifications (created_at, user_id) WHERE emailed_at IS NULL;
CREATE INDEX notifications_question ON notifications (question_id, user_id);

CREATE TABLE tag_follows (
    user_id BIGINT NOT NULL REFERENCES users (id),
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (user_id, tag_id)
);
CREATE INDEX tag_follows_tag ON tag_follows (tag_id, user_id);

CREATE TABLE question_follows (
    user_id BIGINT NOT NULL REFERENCES users (id),
    question_id BIGINT NOT NULL REFERENCES posts (id),
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
CREATE INDEX question_follows_question ON question_follows (question_id, user_id);

-- A user's e-mail choice; no row means the site default. Notifications
-- created before since are never e-mailed (no backlog after switching on).
CREATE TABLE email_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    mode TEXT NOT NULL,
    since {{.Time}} NOT NULL,
    last_digest_at {{.Time}},
    unsubscribe_token TEXT NOT NULL,
    updated_at {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX email_settings_token ON email_settings (unsubscribe_token);

-- "Ask me about": a free line and the tags a user picked.
CREATE TABLE expert_profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    ask_me_about TEXT NOT NULL DEFAULT '',
    updated_at {{.Time}} NOT NULL
);

CREATE TABLE expert_tags (
    user_id BIGINT NOT NULL REFERENCES users (id),
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (user_id, tag_id)
);
CREATE INDEX expert_tags_tag ON expert_tags (tag_id, user_id);

-- Subject-matter experts named by admins, listed first for their tag.
CREATE TABLE tag_smes (
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    added_by BIGINT,
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (tag_id, user_id)
);
CREATE INDEX tag_smes_user ON tag_smes (user_id);

-- Who a question was routed to, and in which round: a person is routed a
-- question at most once.
CREATE TABLE question_routes (
    question_id BIGINT NOT NULL REFERENCES posts (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    round INTEGER NOT NULL,
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (question_id, user_id)
);

-- Expert rankings read every answer of a tag: this index serves them
-- without reading the answers' bodies.
CREATE INDEX posts_answers_rank ON posts (parent_id, owner_id, score, created_at) WHERE type = 2 AND deleted_at IS NULL;

-- Questions waiting for their next routing round if still unanswered at due_at.
CREATE TABLE routing_due (
    question_id BIGINT PRIMARY KEY REFERENCES posts (id),
    round INTEGER NOT NULL,
    due_at {{.Time}} NOT NULL
);
CREATE INDEX routing_due_at ON routing_due (due_at, question_id);

-- +goose Down
DROP TABLE routing_due;
DROP INDEX posts_answers_rank;
DROP TABLE question_routes;
DROP TABLE tag_smes;
DROP TABLE expert_tags;
DROP TABLE expert_profiles;
DROP TABLE email_settings;
DROP TABLE question_follows;
DROP TABLE tag_follows;
DROP TABLE notifications;
