-- +goose Up
-- Whether an account came from an import (auth: an imported account's
-- first password claims it, an added person's greets them) is read by the
-- account's id: an index on the users' rows of the id map serves it, where
-- the map's key (site, kind, source id) left it reading every row.
CREATE INDEX import_ids_user_target ON import_ids (target_id) WHERE kind = 'user';

-- +goose Down
DROP INDEX import_ids_user_target;
