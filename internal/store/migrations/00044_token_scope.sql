-- +goose Up
-- An API token has a scope: read (GET and HEAD only, as a member), write
-- (everything a member may do) or staff (everything its owner's role allows).
-- The tokens issued before scopes existed keep doing what they did: a
-- member's becomes write, a staff member's (moderator, analyst, hotline,
-- administrator) staff.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
UPDATE api_tokens SET scope = 'staff' WHERE user_id IN (SELECT id FROM users WHERE role <> 'user');

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN scope;
