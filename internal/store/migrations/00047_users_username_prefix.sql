-- +goose Up
-- The users filter matches a username by its start (LIKE 'x%'), which a
-- btree in text_pattern_ops serves. The trigram index 00042 put on the
-- username did too, but PostgreSQL also chose it for username = ANY(...)
-- (mentions, the importer's free-name checks), where it read a posting
-- list per trigram: 230 ms for 200 names at 4,000 users, against well under
-- a millisecond on a btree. The display names keep their trigram index: a
-- word inside a name is no prefix.
{{if .Postgres}}DROP INDEX IF EXISTS users_username_trgm;
CREATE INDEX users_username_prefix ON users (username text_pattern_ops);{{end}}

-- +goose Down
{{if .Postgres}}DROP INDEX IF EXISTS users_username_prefix;
-- +goose StatementBegin
DO $$
BEGIN
    CREATE INDEX users_username_trgm ON users USING gin (username gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): the users filter reads every user', SQLERRM;
END
$$;
-- +goose StatementEnd
{{end}}
