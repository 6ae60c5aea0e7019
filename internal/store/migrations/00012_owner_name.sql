-- +goose Up
-- The name an imported post or comment shows when its author is no account
-- here (a Stack Exchange user deleted before the dump: OwnerDisplayName,
-- UserDisplayName), so that imported content keeps its attribution.
ALTER TABLE posts ADD COLUMN owner_name TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN owner_name TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE comments DROP COLUMN owner_name;
ALTER TABLE posts DROP COLUMN owner_name;
