-- +goose Up
-- Images added to posts (screenshots): each kept once on disk under the
-- SHA-256 of its stored bytes, with who uploaded it first. A removed image
-- keeps its row (removed_at), so that the same picture cannot come back.
CREATE TABLE uploads (
    id {{.PK}},
    hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    content_type TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at {{.Time}} NOT NULL,
    removed_at {{.Time}},
    removed_by BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX uploads_hash ON uploads (hash);
CREATE INDEX uploads_user ON uploads (user_id, created_at);

-- +goose Down
DROP TABLE uploads;
