-- +goose Up
-- A ticket's subject and text in Unicode's full case folding (text.Fold,
-- computed in Go as the ticket is saved, and for tickets stored before as
-- the site starts), which the hotline's list searches with LIKE: "strasse"
-- finds "Straße" and the other way round, the same on both databases.
ALTER TABLE tickets ADD COLUMN search_fold TEXT NOT NULL DEFAULT '';
{{if .Postgres}}
-- A trigram index serves LIKE '%words%' (of three characters or more)
-- where the pg_trgm extension is at hand; without it the search reads
-- every ticket, as on SQLite.
-- +goose StatementBegin
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX tickets_search_fold ON tickets USING gin (search_fold gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): the ticket search reads every ticket', SQLERRM;
END
$$;
-- +goose StatementEnd
{{end}}

-- +goose Down
{{if .Postgres}}DROP INDEX IF EXISTS tickets_search_fold;{{end}}
ALTER TABLE tickets DROP COLUMN search_fold;
