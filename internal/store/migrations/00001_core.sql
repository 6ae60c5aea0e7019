-- +goose Up
-- Core Q&A schema. Template fields (PK, Time) are filled per dialect by the store.
CREATE TABLE users (
    id {{.PK}},
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT,
    role TEXT NOT NULL DEFAULT 'user',
    reputation INTEGER NOT NULL DEFAULT 1,
    about TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL,
    last_seen_at {{.Time}}
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_reputation ON users (reputation DESC, id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id {{.PK}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    last_used_at {{.Time}},
    revoked_at {{.Time}}
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE posts (
    id {{.PK}},
    type SMALLINT NOT NULL,
    parent_id BIGINT REFERENCES posts (id),
    owner_id BIGINT REFERENCES users (id),
    title TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    score INTEGER NOT NULL DEFAULT 0,
    answer_count INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    view_count INTEGER NOT NULL DEFAULT 0,
    accepted_answer_id BIGINT,
    closed_reason TEXT NOT NULL DEFAULT '',
    closed_at {{.Time}},
    duplicate_of_id BIGINT,
    revision INTEGER NOT NULL DEFAULT 1,
    last_editor_id BIGINT REFERENCES users (id),
    edited_at {{.Time}},
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL,
    last_activity_at {{.Time}} NOT NULL,
    deleted_at {{.Time}}
);
-- Question lists: newest, active, unanswered, votes; answers of a question; a user's posts.
CREATE INDEX posts_questions_newest ON posts (id DESC) WHERE type = 1 AND deleted_at IS NULL;
CREATE INDEX posts_questions_active ON posts (last_activity_at DESC, id DESC) WHERE type = 1 AND deleted_at IS NULL;
CREATE INDEX posts_questions_unanswered ON posts (id DESC) WHERE type = 1 AND deleted_at IS NULL AND answer_count = 0;
CREATE INDEX posts_questions_votes ON posts (score DESC, id DESC) WHERE type = 1 AND deleted_at IS NULL;
CREATE INDEX posts_answers ON posts (parent_id, score DESC, id) WHERE type = 2;
CREATE INDEX posts_owner ON posts (owner_id, type, id DESC);

CREATE TABLE tags (
    id {{.PK}},
    name TEXT NOT NULL,
    question_count INTEGER NOT NULL DEFAULT 0,
    excerpt TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (name);
CREATE INDEX tags_popular ON tags (question_count DESC, name);

CREATE TABLE post_tags (
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    post_id BIGINT NOT NULL REFERENCES posts (id),
    PRIMARY KEY (tag_id, post_id)
);
CREATE INDEX post_tags_post ON post_tags (post_id);

CREATE TABLE comments (
    id {{.PK}},
    post_id BIGINT NOT NULL REFERENCES posts (id),
    owner_id BIGINT REFERENCES users (id),
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    score INTEGER NOT NULL DEFAULT 0,
    created_at {{.Time}} NOT NULL,
    deleted_at {{.Time}}
);
CREATE INDEX comments_post ON comments (post_id, id);

CREATE TABLE post_revisions (
    id {{.PK}},
    post_id BIGINT NOT NULL REFERENCES posts (id),
    revision INTEGER NOT NULL,
    editor_id BIGINT REFERENCES users (id),
    title TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX post_revisions_post ON post_revisions (post_id, revision);

-- Counters kept in the same transaction as the rows they count, so lists never count(*).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL DEFAULT 0
);
INSERT INTO counters (name, value) VALUES ('questions', 0), ('unanswered', 0);

-- Every write that changes searchable content adds a row here in its transaction.
CREATE TABLE search_outbox (
    id {{.PK}},
    post_id BIGINT NOT NULL,
    created_at {{.Time}} NOT NULL
);

CREATE TABLE audit_log (
    id {{.PK}},
    actor_id BIGINT,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE search_outbox;
DROP TABLE counters;
DROP TABLE post_revisions;
DROP TABLE comments;
DROP TABLE post_tags;
DROP TABLE tags;
DROP TABLE posts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
