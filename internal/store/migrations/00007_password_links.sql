-- +goose Up
-- One-time links that set a password: an administrator issues one for an
-- account without a password (imported users) or one whose owner forgot
-- it. Only the link's hash is kept; a link is used once, within its time.
CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL,
    used_at {{.Time}}
);
CREATE INDEX password_links_user ON password_links (user_id);

-- +goose Down
DROP TABLE password_links;
