-- +goose Up
-- Votes, the reputation ledger, badges and view counts.
CREATE TABLE votes (
    id {{.PK}},
    post_id BIGINT NOT NULL REFERENCES posts (id),
    user_id BIGINT REFERENCES users (id), -- NULL only for anonymous votes from an import
    value SMALLINT NOT NULL,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX votes_post_user ON votes (post_id, user_id);
CREATE INDEX votes_user ON votes (user_id, post_id);

-- The ledger: users.reputation = 1 + sum(delta) for that user, always.
CREATE TABLE reputation_events (
    id {{.PK}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    post_id BIGINT,
    actor_id BIGINT,
    kind TEXT NOT NULL,
    delta INTEGER NOT NULL,
    created_at {{.Time}} NOT NULL
);
CREATE INDEX reputation_events_user ON reputation_events (user_id, id DESC);
CREATE INDEX reputation_events_period ON reputation_events (created_at, user_id);
CREATE INDEX reputation_events_source ON reputation_events (post_id, actor_id, kind);

-- Score imported from another system that no vote row backs; score = score_base + sum(votes.value).
ALTER TABLE posts ADD COLUMN score_base INTEGER NOT NULL DEFAULT 0;

CREATE TABLE user_badges (
    id {{.PK}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    badge TEXT NOT NULL,
    tag TEXT NOT NULL DEFAULT '',
    post_id BIGINT NOT NULL DEFAULT 0,
    created_at {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX user_badges_once ON user_badges (user_id, badge, tag, post_id);
CREATE INDEX user_badges_badge ON user_badges (badge, id DESC);

-- One view per viewer (user or anonymous visitor) per post per hour.
CREATE TABLE post_views (
    post_id BIGINT NOT NULL,
    viewer TEXT NOT NULL,
    hour BIGINT NOT NULL,
    PRIMARY KEY (post_id, viewer, hour)
);

-- +goose Down
DROP TABLE post_views;
DROP TABLE user_badges;
ALTER TABLE posts DROP COLUMN score_base;
DROP TABLE reputation_events;
DROP TABLE votes;
