-- +goose Up
-- The audit log of one person (/admin/audit?user=ID, the API's actor_id and
-- user_id) reads their entries newest first: an index by actor and id finds
-- a page of them without scanning the whole log.
CREATE INDEX audit_log_actor ON audit_log (actor_id, id DESC);

-- +goose Down
DROP INDEX audit_log_actor;
