-- +goose Up
-- What a site's Posts.xml began with (a hash), so that the same dump
-- imported again under another site name is refused rather than copied.
ALTER TABLE import_progress ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE import_progress DROP COLUMN fingerprint;
